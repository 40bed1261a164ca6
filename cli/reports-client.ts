import { SignatureV4 } from "@smithy/signature-v4";
import { EXECUTE_API_SERVICE, Sha256 } from "../local/sigv4.ts";
import { type ReportsAcceptedBody, reportsAcceptedBodySchema } from "../shared/api/responses.ts";
import { type HubResponse, readHubResponse } from "./hub-response.ts";

/** AWS credentials, or a provider of them (the SDK's default chain). */
export type SigningCredentials = ConstructorParameters<typeof SignatureV4>[0]["credentials"];

/** Where to file reports and what to sign them with. */
export interface ReportsTarget {
  readonly apiUrl: string;
  readonly region: string;
  readonly credentials: SigningCredentials;
}

export type ReportsResponse = HubResponse<ReportsAcceptedBody>;

/** A reports request signed as API Gateway's IAM authorization expects (SigV4, `execute-api`). */
export interface SignedReportsRequest {
  readonly url: URL;
  readonly headers: Record<string, string>;
}

/** Signs a reports request body for `target`, at `signingDate` (now, unless a test says otherwise). */
export async function signReportsRequest(
  target: ReportsTarget,
  body: string,
  signingDate = new Date(),
): Promise<SignedReportsRequest> {
  const url = new URL("v1/reports", target.apiUrl.endsWith("/") ? target.apiUrl : `${target.apiUrl}/`);
  const signer = new SignatureV4({
    service: EXECUTE_API_SERVICE,
    region: target.region,
    credentials: target.credentials,
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === "" ? undefined : Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host, "content-type": "application/json" },
      body,
    },
    { signingDate },
  );
  // fetch sends the same Host itself.
  const { host: _host, ...headers } = signed.headers;
  return { url, headers };
}

/** Signs a reports request and posts it, as a unit's system or an officer's CLI does. */
export async function postReports(target: ReportsTarget, body: string): Promise<ReportsResponse> {
  const { url, headers } = await signReportsRequest(target, body);
  const response = await fetch(url, { method: "POST", headers, body });
  return readHubResponse(response, reportsAcceptedBodySchema);
}
