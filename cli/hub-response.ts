import * as z from "zod/mini";
import { type ErrorBody, errorBodySchema } from "../shared/api/responses.ts";

/** The hub's answer to a POST, read once for both its feed and its reports API. */
export interface HubResponse<Accepted> {
  readonly status: number;
  /** The body as sent: parsed JSON, or the raw text when it is not JSON (a proxy in between may answer in HTML). */
  readonly body: unknown;
  /** The body, when it is the hub's success answer. */
  readonly accepted?: Accepted;
  /** The body, when it is in the hub's error format. */
  readonly error?: ErrorBody;
}

/**
 * Reads `response`, recognising the success body (`successStatus`: 202 for feeds and reports, 200 for
 * receipts) by `acceptedSchema` and any other by the hub's error format.
 */
export async function readHubResponse<Accepted>(
  response: Response,
  acceptedSchema: z.core.$ZodType<Accepted>,
  successStatus = 202,
): Promise<HubResponse<Accepted>> {
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
    accepted: response.status === successStatus ? z.safeParse(acceptedSchema, parsed).data : undefined,
    error: errorBodySchema.safeParse(parsed).data,
  };
}
