import { randomUUID } from "node:crypto";
import { type AcceptedBody, acceptedBodySchema } from "../shared/api/responses.ts";
import type { FeedSourceId } from "../shared/domain/catalogue/index.ts";
import { signWebhook } from "../shared/http/webhook-signature.ts";
import { type HubResponse, readHubResponse } from "./hub-response.ts";

export type FeedResponse = HubResponse<AcceptedBody>;

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
  return readHubResponse(response, acceptedBodySchema);
}
