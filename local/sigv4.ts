/**
 * AWS Signature Version 4 as API Gateway checks it for IAM authorization, for the local hub: the
 * signature is recomputed with the SDK's own signer (`@smithy/signature-v4`) over the request as it
 * arrived, and compared in constant time. The CLI signs with the same signer and hash.
 */
import { createHash, createHmac, type Hash, type Hmac, timingSafeEqual } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

/** The signing name of API Gateway's invoke API. */
export const EXECUTE_API_SERVICE = "execute-api";
/** How far `x-amz-date` may be from the receiver's clock, as AWS allows. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const ALGORITHM = "AWS4-HMAC-SHA256";
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const EMPTY_BODY_HASH = createHash("sha256").digest("hex");

/** SHA-256, or HMAC-SHA-256 when given a secret, on node:crypto: the hash the signer is built with. */
export class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytesOf(secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytesOf(data: string | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** A request as it arrived: names of headers in lower case, the path and query as sent, the body's exact bytes. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  /** The query string without its `?`; empty when there is none. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
}

export interface SignatureExpectations {
  readonly region: string;
  readonly service: string;
  /** The secret of an access key id, or `undefined` for a key this receiver does not know. */
  secretOf(accessKeyId: string): string | undefined;
  readonly now: Date;
}

/** Why a request is refused: each as API Gateway tells it apart (all answered 403). */
export type SignatureRefusal =
  | "signature.missing"
  | "signature.malformed"
  | "credentials.unknown"
  | "signature.scope"
  | "signature.expired"
  | "signature.invalid";

export type SignatureCheck =
  | {
      readonly ok: true;
      readonly accessKeyId: string;
      /** `x-amz-security-token`, which the signature covers. */
      readonly sessionToken: string | undefined;
    }
  | { readonly ok: false; readonly refusal: SignatureRefusal; readonly message: string };

interface Authorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=…, Signature=…`. */
function parseAuthorization(header: string): Authorization | undefined {
  if (!header.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(",")) {
    const [name, value, ...rest] = part.trim().split("=");
    if (name === undefined || value === undefined || rest.length > 0 || fields.has(name)) return undefined;
    fields.set(name, value);
  }
  const credential = /^(\w{1,128})\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request$/.exec(
    fields.get("Credential") ?? "",
  );
  const signedHeaders = fields.get("SignedHeaders") ?? "";
  const signature = fields.get("Signature") ?? "";
  if (credential === null || !/^[a-z0-9-]+(;[a-z0-9-]+)*$/.test(signedHeaders)) return undefined;
  if (!/^[0-9a-f]{64}$/.test(signature) || fields.size !== 3) return undefined;
  const [, accessKeyId = "", date = "", region = "", service = ""] = credential;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(";"), signature };
}

function parseAmzDate(value: string | undefined): Date | undefined {
  const parts = AMZ_DATE.exec(value ?? "");
  if (parts === null) return undefined;
  const [, year, month, day, hour, minute, second] = parts.map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function refuse(refusal: SignatureRefusal, message: string): SignatureCheck {
  return { ok: false, refusal, message };
}

function queryOf(query: string): Record<string, string | string[]> {
  const parameters: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const earlier = parameters[name];
    parameters[name] = earlier === undefined ? value : [...[earlier].flat(), value];
  }
  return parameters;
}

/**
 * Checks a request's SigV4 `Authorization` header as API Gateway does for IAM authorization: a known
 * access key, this receiver's region and service, `x-amz-date` within five minutes, the session
 * token and the body covered, and the signature recomputed over the method, path, query, the signed
 * headers and the exact body bytes.
 */
export async function verifySignature(
  request: ReceivedRequest,
  expected: SignatureExpectations,
): Promise<SignatureCheck> {
  const header = request.headers.authorization;
  if (header === undefined) return refuse("signature.missing", "The request is not signed (SigV4).");
  const authorization = parseAuthorization(header);
  if (authorization === undefined)
    return refuse("signature.malformed", "The Authorization header is not a SigV4 signature.");
  const secret = expected.secretOf(authorization.accessKeyId);
  if (secret === undefined)
    return refuse("credentials.unknown", "The access key the request is signed with is not valid here.");
  if (authorization.region !== expected.region || authorization.service !== expected.service) {
    return refuse(
      "signature.scope",
      `The signature is scoped to ${authorization.region}/${authorization.service}; ` +
        `this API is ${expected.region}/${expected.service}.`,
    );
  }
  const amzDate = request.headers["x-amz-date"];
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined || amzDate?.slice(0, 8) !== authorization.date)
    return refuse("signature.malformed", "x-amz-date is missing, malformed or outside the credential scope.");
  if (Math.abs(expected.now.getTime() - signedAt.getTime()) > MAX_CLOCK_SKEW_MS)
    return refuse("signature.expired", "Signature expired: x-amz-date is more than 5 minutes from now.");

  const signed = new Set(authorization.signedHeaders);
  const sessionToken = request.headers["x-amz-security-token"];
  const mustSign = ["host", "x-amz-date", ...(sessionToken === undefined ? [] : ["x-amz-security-token"])];
  const unsigned = mustSign.filter((name) => !signed.has(name));
  if (unsigned.length > 0)
    return refuse("signature.malformed", `The signature must cover ${unsigned.join(", ")}.`);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = request.headers[name];
    if (value === undefined) return refuse("signature.malformed", `The signed header ${name} is missing.`);
    headers[name] = value;
  }
  const bodyHash =
    request.body.length === 0 ? EMPTY_BODY_HASH : createHash("sha256").update(request.body).digest("hex");
  const claimedHash = request.headers["x-amz-content-sha256"];
  if (claimedHash !== undefined && claimedHash !== bodyHash)
    return refuse("signature.invalid", "x-amz-content-sha256 is not the hash of the body.");

  const signer = new SignatureV4({
    service: expected.service,
    region: expected.region,
    credentials: { accessKeyId: authorization.accessKeyId, secretAccessKey: secret, sessionToken },
    sha256: Sha256,
    // The client's choice of x-amz-content-sha256 is in its signed headers; add nothing of our own.
    applyChecksum: false,
  });
  const recomputed = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: headers.host ?? "",
      path: request.path,
      query: queryOf(request.query),
      headers,
      body: request.body,
    },
    { signingDate: signedAt, signableHeaders: signed },
  );
  const computed = /Signature=([0-9a-f]{64})$/.exec(recomputed.headers.authorization ?? "")?.[1] ?? "";
  const matches =
    computed.length === authorization.signature.length &&
    timingSafeEqual(Buffer.from(computed), Buffer.from(authorization.signature));
  if (!matches)
    return refuse(
      "signature.invalid",
      "The signature does not match the request: it was changed after signing, or signed with another secret.",
    );
  return { ok: true, accessKeyId: authorization.accessKeyId, sessionToken };
}
