import { randomUUID } from "node:crypto";
import type { FeedSourceId } from "../shared/domain/catalogue/index.ts";
import { signWebhook } from "../shared/http/webhook-signature.ts";

export interface FeedResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Signs a feed request body (Standard Webhooks) and posts it, as an upstream system would. */
export async function postFeed(
  apiUrl: string,
  key: string,
  source: FeedSourceId,
  body: string,
): Promise<FeedResponse> {
  const headers = signWebhook(key, body, { id: `msg_${randomUUID()}` });
  const response = await fetch(new URL(`v1/feeds/${source}`, apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the raw text: a proxy in between may answer in HTML
  }
  return { status: response.status, body: parsed };
}
