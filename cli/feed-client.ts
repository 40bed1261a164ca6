import { randomUUID } from "node:crypto";
import {
  type AcceptedBody,
  acceptedBodySchema,
  type ErrorBody,
  errorBodySchema,
} from "../shared/api/responses.ts";
import type { FeedSourceId } from "../shared/domain/catalogue/index.ts";
import { signWebhook } from "../shared/http/webhook-signature.ts";

export interface FeedResponse {
  readonly status: number;
  /** The body as sent: parsed JSON, or the raw text when it is not JSON (a proxy in between may answer in HTML). */
  readonly body: unknown;
  /** The body, when it is the hub's 202 answer. */
  readonly accepted?: AcceptedBody;
  /** The body, when it is in the hub's error format. */
  readonly error?: ErrorBody;
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
    // keep the raw text
  }
  return {
    status: response.status,
    body: parsed,
    accepted: response.status === 202 ? acceptedBodySchema.safeParse(parsed).data : undefined,
    error: errorBodySchema.safeParse(parsed).data,
  };
}
