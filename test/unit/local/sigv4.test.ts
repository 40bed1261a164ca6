import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import {
  EXECUTE_API_SERVICE,
  type ReceivedRequest,
  Sha256,
  type SignatureExpectations,
  verifySignature,
} from "../../../local/sigv4.ts";

const region = "eu-central-1";
const key = {
  accessKeyId: "ASIAEXAMPLEEXAMPLE01",
  secretAccessKey: "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNl",
};
const sessionToken = "order195-local-session:a.officer";
const signedAt = new Date("2026-03-01T09:30:00Z");
const body = JSON.stringify({ reports: [{ kind: "foreigner.detained", reportId: "DCH-1" }] });

const expectations = (overrides: Partial<SignatureExpectations> = {}): SignatureExpectations => ({
  region,
  service: EXECUTE_API_SERVICE,
  secretOf: (accessKeyId) => (accessKeyId === key.accessKeyId ? key.secretAccessKey : undefined),
  now: signedAt,
  ...overrides,
});

/** A request signed by the SDK's signer, as the CLI (or any AWS SDK) sends it, and received as sent. */
async function signedRequest(
  options: {
    secret?: string;
    region?: string;
    service?: string;
    at?: Date;
    token?: string;
    query?: Record<string, string>;
    /** Whether the signer sends the body's hash as `x-amz-content-sha256` (the SDK's default). */
    bodyHashHeader?: boolean;
  } = {},
): Promise<ReceivedRequest> {
  const signer = new SignatureV4({
    service: options.service ?? EXECUTE_API_SERVICE,
    region: options.region ?? region,
    credentials: {
      accessKeyId: key.accessKeyId,
      secretAccessKey: options.secret ?? key.secretAccessKey,
      sessionToken: options.token ?? sessionToken,
    },
    sha256: Sha256,
    applyChecksum: options.bodyHashHeader ?? true,
  });
  const query = options.query ?? {};
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 4010,
      path: "/v1/reports",
      query,
      headers: { host: "127.0.0.1:4010", "content-type": "application/json" },
      body,
    },
    { signingDate: options.at ?? signedAt },
  );
  return {
    method: "POST",
    path: "/v1/reports",
    query: new URLSearchParams(query).toString(),
    headers: Object.fromEntries(
      Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    body: Buffer.from(body),
  };
}

/** Every string one character away from `value` (each character moved to the next code point). */
function oneCharChanges(value: string): string[] {
  return [...value].map(
    (char, index) =>
      value.slice(0, index) + String.fromCharCode(char.charCodeAt(0) + 1) + value.slice(index + 1),
  );
}

describe("SigV4 verification of the local hub", () => {
  it("accepts a request signed by the SDK's signer, with its access key and session token", async () => {
    const check = await verifySignature(await signedRequest(), expectations());

    expect(check).toEqual({ ok: true, accessKeyId: key.accessKeyId, sessionToken });
  });

  it("computes the real algorithm: the AWS test suite's get-vanilla request verifies", async () => {
    const request: ReceivedRequest = {
      method: "GET",
      path: "/",
      query: "",
      headers: {
        host: "example.amazonaws.com",
        "x-amz-date": "20150830T123600Z",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
          "SignedHeaders=host;x-amz-date, " +
          "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
      },
      body: new Uint8Array(),
    };

    const check = await verifySignature(request, {
      region: "us-east-1",
      service: "service",
      secretOf: () => "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      now: new Date("2015-08-30T12:36:00Z"),
    });

    expect(check.ok).toBe(true);
  });

  it("refuses every single-byte change of the body, whether or not its hash is sent as a header", async () => {
    for (const bodyHashHeader of [true, false]) {
      const request = await signedRequest({ bodyHashHeader });
      expect((await verifySignature(request, expectations())).ok).toBe(true);
      for (let index = 0; index < request.body.length; index++) {
        const changed = Buffer.from(request.body);
        changed[index] = (changed[index] ?? 0) ^ 0x01;

        const check = await verifySignature({ ...request, body: changed }, expectations());

        expect(check, `byte ${index}`).toMatchObject({ ok: false, refusal: "signature.invalid" });
      }
    }
  });

  it("refuses every single-character change of the path and of the query", async () => {
    const request = await signedRequest({ query: { unit: "duty" } });
    const variants = [
      ...oneCharChanges(request.path).map((path) => ({ ...request, path })),
      ...oneCharChanges(request.query).map((query) => ({ ...request, query })),
    ];
    for (const variant of variants) {
      const check = await verifySignature(variant, expectations());

      expect(check, `${variant.path}?${variant.query}`).toMatchObject({ ok: false });
    }
  });

  it("refuses every single-character change of a signed header", async () => {
    const request = await signedRequest();
    const signedNames =
      /SignedHeaders=([^,]+)/.exec(request.headers.authorization ?? "")?.[1]?.split(";") ?? [];
    expect(signedNames).toEqual(
      expect.arrayContaining([
        "host",
        "content-type",
        "x-amz-date",
        "x-amz-security-token",
        "x-amz-content-sha256",
      ]),
    );
    for (const name of signedNames) {
      for (const value of oneCharChanges(request.headers[name] ?? "")) {
        const check = await verifySignature(
          { ...request, headers: { ...request.headers, [name]: value } },
          expectations(),
        );

        expect(check, `${name}: ${value}`).toMatchObject({ ok: false });
      }
    }
  });

  it("refuses every single-character change of the signature", async () => {
    const request = await signedRequest();
    const authorization = request.headers.authorization ?? "";
    const signature = /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? "";
    const changes = [...signature].map((char, index) => {
      const other = char === "0" ? "1" : "0";
      return authorization.replace(signature, signature.slice(0, index) + other + signature.slice(index + 1));
    });
    for (const changed of changes) {
      const check = await verifySignature(
        { ...request, headers: { ...request.headers, authorization: changed } },
        expectations(),
      );

      expect(check).toMatchObject({ ok: false, refusal: "signature.invalid" });
    }
  });

  it("refuses another secret, an unknown key, another region or service", async () => {
    const otherSecret = await signedRequest({ secret: `${key.secretAccessKey}x` });
    const otherRegion = await signedRequest({ region: "eu-west-1" });
    const otherService = await signedRequest({ service: "lambda" });

    expect(await verifySignature(otherSecret, expectations())).toMatchObject({
      refusal: "signature.invalid",
    });
    expect(
      await verifySignature(await signedRequest(), expectations({ secretOf: () => undefined })),
    ).toMatchObject({
      refusal: "credentials.unknown",
    });
    expect(await verifySignature(otherRegion, expectations())).toMatchObject({ refusal: "signature.scope" });
    expect(await verifySignature(otherService, expectations())).toMatchObject({ refusal: "signature.scope" });
  });

  it("accepts a clock four minutes off and refuses a signature more than five minutes old or ahead", async () => {
    const minutes = (n: number) => new Date(signedAt.getTime() + n * 60_000);

    expect((await verifySignature(await signedRequest({ at: minutes(-4) }), expectations())).ok).toBe(true);
    expect((await verifySignature(await signedRequest({ at: minutes(4) }), expectations())).ok).toBe(true);
    expect(await verifySignature(await signedRequest({ at: minutes(-6) }), expectations())).toMatchObject({
      refusal: "signature.expired",
    });
    expect(await verifySignature(await signedRequest({ at: minutes(6) }), expectations())).toMatchObject({
      refusal: "signature.expired",
    });
  });

  it("refuses an unsigned request, a malformed signature and a session token the signature does not cover", async () => {
    const request = await signedRequest();
    const { authorization = "", ...unsigned } = request.headers;
    const tokenUncovered = authorization.replace(";x-amz-security-token", "");

    expect(await verifySignature({ ...request, headers: unsigned }, expectations())).toMatchObject({
      refusal: "signature.missing",
    });
    expect(
      await verifySignature(
        { ...request, headers: { ...unsigned, authorization: "Bearer abc" } },
        expectations(),
      ),
    ).toMatchObject({ refusal: "signature.malformed" });
    expect(
      await verifySignature(
        { ...request, headers: { ...unsigned, authorization: tokenUncovered } },
        expectations(),
      ),
    ).toMatchObject({ ok: false });
  });
});
