import { type ReportsAcceptedBody, reportsAcceptedBodySchema } from "../shared/api/responses.ts";
import { type HubResponse, readHubResponse } from "./hub-response.ts";
import { type SignedApiTarget, type SignedRequest, signApiRequest } from "./signed-request.ts";

/** Where to file reports and what to sign them with. */
export type ReportsTarget = SignedApiTarget;

export type ReportsResponse = HubResponse<ReportsAcceptedBody>;

/** Signs a reports request body for `target`, at `signingDate` (now, unless a test says otherwise). */
export function signReportsRequest(
  target: ReportsTarget,
  body: string,
  signingDate = new Date(),
): Promise<SignedRequest> {
  return signApiRequest(target, { method: "POST", path: "v1/reports", body }, signingDate);
}

/** Signs a reports request and posts it, as a unit's system or an officer's CLI does. */
export async function postReports(target: ReportsTarget, body: string): Promise<ReportsResponse> {
  const { url, headers } = await signReportsRequest(target, body);
  const response = await fetch(url, { method: "POST", headers, body });
  return readHubResponse(response, reportsAcceptedBodySchema);
}
