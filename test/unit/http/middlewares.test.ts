import { Logger } from "@aws-lambda-powertools/logger";
import { describe, expect, it, vi } from "vitest";
import { feedRequestEvent } from "../../../local/api-gateway-event.ts";
import {
  RequestRejectedError,
  StoreUnavailableError,
  StoringInterruptedError,
} from "../../../shared/domain/errors.ts";
import { STORE_RETRY_AFTER_SECONDS } from "../../../shared/http/error-responses.ts";
import { HttpError } from "../../../shared/http/http-error.ts";
import {
  bodySizeLimit,
  type JsonBodyEvent,
  jsonErrors,
  parseJsonBody,
  requireJsonContentType,
} from "../../../shared/http/middlewares.ts";
import { errorBodyOf, middyRequest } from "../support/api-gateway.ts";

const event = (body: string, headers: Record<string, string> = {}) => feedRequestEvent("kqp", body, headers);
const base64 = (text: string) => ({ ...event(Buffer.from(text).toString("base64")), isBase64Encoded: true });

describe("bodySizeLimit", () => {
  const limit = bodySizeLimit({ maxBytes: 10 });

  it("refuses a body over the limit with 413 body.too-large, saying the limit", () => {
    // Act and Assess
    expect(() => limit.before?.(middyRequest(event("x".repeat(11))))).toThrow(
      expect.objectContaining({
        status: 413,
        code: "body.too-large",
        message: expect.stringContaining("10 bytes"),
      }),
    );
  });

  it("counts UTF-8 bytes, not characters", () => {
    // Prepare: five Cyrillic letters are ten bytes, six are twelve
    const atLimit = middyRequest(event("ЖЖЖЖЖ"));
    const overLimit = middyRequest(event("ЖЖЖЖЖЖ"));

    // Act and Assess
    expect(() => limit.before?.(atLimit)).not.toThrow();
    expect(() => limit.before?.(overLimit)).toThrow(HttpError);
  });

  it("counts the decoded size of a base64 body", () => {
    // Act and Assess
    expect(() => limit.before?.(middyRequest(base64("x".repeat(10))))).not.toThrow();
    expect(() => limit.before?.(middyRequest(base64("x".repeat(11))))).toThrow(HttpError);
  });
});

describe("requireJsonContentType", () => {
  const requireJson = requireJsonContentType();

  it.each([
    ["text/plain", { "content-type": "text/plain" }],
    ["no content type", {}],
    ["JSON in another charset", { "content-type": "application/json; charset=iso-8859-1" }],
  ])("refuses %s with 415 body.media-type", (_, headers: Record<string, string>) => {
    // Act and Assess
    expect(() => requireJson.before?.(middyRequest(event("{}", headers)))).toThrow(
      expect.objectContaining({ status: 415, code: "body.media-type" }),
    );
  });

  it.each(["application/json", "Application/JSON; charset=UTF-8", "application/json;charset=utf-8"])(
    "accepts %s",
    (contentType) => {
      // Act and Assess
      expect(() =>
        requireJson.before?.(middyRequest(event("{}", { "content-type": contentType }))),
      ).not.toThrow();
    },
  );
});

describe("parseJsonBody", () => {
  const parse = parseJsonBody();

  it("refuses malformed JSON with 400 body.malformed-json", () => {
    // Act and Assess
    expect(() => parse.before?.(middyRequest({ ...event('{"records":['), jsonBody: undefined }))).toThrow(
      expect.objectContaining({ status: 400, code: "body.malformed-json" }),
    );
  });

  it("puts the parsed body, base64 or not, on the event", () => {
    // Prepare
    const plain = middyRequest<JsonBodyEvent>({ ...event('{"a":1}'), jsonBody: undefined });
    const encoded = middyRequest<JsonBodyEvent>({ ...base64('{"a":2}'), jsonBody: undefined });

    // Act
    parse.before?.(plain);
    parse.before?.(encoded);

    // Assess
    expect([plain.event.jsonBody, encoded.event.jsonBody]).toEqual([{ a: 1 }, { a: 2 }]);
  });
});

describe("jsonErrors", () => {
  function answer(error: Error) {
    const logger = new Logger({ logLevel: "SILENT" });
    const logged = vi.spyOn(logger, "error");
    const request = middyRequest(event("{}"), error);
    jsonErrors({ logger }).onError?.(request);
    return {
      response: request.response,
      requestId: request.event.requestContext.requestId,
      logged,
    };
  }

  it("answers an HttpError with its status and code in the hub's one error format", () => {
    // Act
    const { response, requestId } = answer(new HttpError(401, "signature.invalid", "No match."));

    // Assess
    expect(response?.statusCode).toBe(401);
    expect(response?.headers).toEqual({ "content-type": "application/json; charset=utf-8" });
    expect(JSON.parse(response?.body ?? "")).toEqual({
      requestId,
      error: { code: "signature.invalid", message: "No match.", details: [] },
    });
  });

  it.each(["contract.invalid", "region.mismatch"] as const)(
    "answers a feed rejected for %s with 422 and its field errors",
    (code) => {
      // Prepare
      const fieldErrors = [{ path: "/records/0/region", code, message: "Wrong region." }];

      // Act
      const { response } = answer(new RequestRejectedError(code, "Refused.", fieldErrors));

      // Assess
      expect(response?.statusCode).toBe(422);
      expect(errorBodyOf(response)).toEqual({ code, message: "Refused.", details: fieldErrors });
    },
  );

  it("answers an interrupted store with 503 store.unavailable and Retry-After, saying what is stored", () => {
    // Act
    const { response } = answer(
      new StoringInterruptedError(3, 10, { cause: new StoreUnavailableError({ cause: "throttled" }) }),
    );

    // Assess
    expect(response?.statusCode).toBe(503);
    expect(response?.headers?.["retry-after"]).toBe(String(STORE_RETRY_AFTER_SECONDS));
    expect(errorBodyOf(response)).toMatchObject({
      code: "store.unavailable",
      message: expect.stringContaining("3 of its 10 records are stored"),
      details: [],
    });
  });

  it("answers anything else with 500 internal, logs it, and claims nothing about what was stored", () => {
    // Act
    const { response, logged } = answer(new TypeError("cannot read properties of undefined"));

    // Assess
    expect(response?.statusCode).toBe(500);
    const error = errorBodyOf(response);
    expect(error.code).toBe("internal");
    expect(error.message).toContain("Some of its records may have been stored");
    expect(error.message).not.toContain("cannot read");
    expect(logged).toHaveBeenCalledOnce();
  });
});
