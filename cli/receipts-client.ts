import type { ReceiptRequest, ReceiptsRecordedBody } from "../shared/api/receipts.ts";
import { receiptsRecordedBodySchema } from "../shared/api/receipts.ts";
import { RECEIPTS_PATH } from "../shared/wiring/receipts-route.ts";
import { type HubResponse, readHubResponse } from "./hub-response.ts";
import { type SignedApiTarget, signApiRequest } from "./signed-request.ts";

export type ReceiptsResponse = HubResponse<ReceiptsRecordedBody>;

/** Acknowledges notifications as the unit whose role session `target` signs with (`POST /v1/receipts`). */
export async function postReceipts(
  target: SignedApiTarget,
  receipts: readonly ReceiptRequest[],
): Promise<ReceiptsResponse> {
  const body = JSON.stringify({ receipts });
  const { url, headers } = await signApiRequest(target, {
    method: "POST",
    path: RECEIPTS_PATH.slice(1),
    body,
  });
  const response = await fetch(url, { method: "POST", headers, body });
  return readHubResponse(response, receiptsRecordedBodySchema, 200);
}
