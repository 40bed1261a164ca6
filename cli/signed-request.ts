import { SignatureV4 } from "@smithy/signature-v4";
import { EXECUTE_API_SERVICE, Sha256 } from "../local/sigv4.ts";

/** AWS credentials, or a provider of them (the SDK's default chain). */
export type SigningCredentials = ConstructorParameters<typeof SignatureV4>[0]["credentials"];

/** An IAM-authorised API of the hub and what to sign requests to it with (a unit's role session). */
export interface SignedApiTarget {
  readonly apiUrl: string;
  readonly region: string;
  readonly credentials: SigningCredentials;
}

/** A request signed as API Gateway's IAM authorization expects (SigV4, `execute-api`). */
export interface SignedRequest {
  readonly url: URL;
  readonly headers: Record<string, string>;
}

/**
 * Signs a request to `path` (relative to the API's URL, e.g. `v1/reports`) for `target`, at
 * `signingDate` (now, unless a test says otherwise). A body is sent as JSON; a query string in `path` is signed.
 */
export async function signApiRequest(
  target: SignedApiTarget,
  request: {
    readonly method: "GET" | "POST";
    readonly path: string;
    readonly body?: string;
    /** Headers to sign and send beside `host` (a query's purpose). */
    readonly headers?: Readonly<Record<string, string>>;
  },
  signingDate = new Date(),
): Promise<SignedRequest> {
  const url = new URL(request.path, target.apiUrl.endsWith("/") ? target.apiUrl : `${target.apiUrl}/`);
  const signer = new SignatureV4({
    service: EXECUTE_API_SERVICE,
    region: target.region,
    credentials: target.credentials,
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === "" ? undefined : Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: {
        host: url.host,
        ...request.headers,
        ...(request.body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(request.body === undefined ? {} : { body: request.body }),
    },
    { signingDate },
  );
  // fetch sends the same Host itself.
  const { host: _host, ...headers } = signed.headers;
  return { url, headers };
}
