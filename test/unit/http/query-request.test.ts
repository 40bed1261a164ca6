/** What the queries and the audit log read from a request before their use case: purpose, parameters, auditor. */
import { describe, expect, it } from "vitest";
import { signedGetEvent } from "../../../local/api-gateway-event.ts";
import { LOCAL_ACCOUNT } from "../../../local/local-aws.ts";
import { assumedRoleCaller } from "../../../local/unit-roles.ts";
import { QueryParametersError } from "../../../shared/domain/errors.ts";
import { HttpError } from "../../../shared/http/http-error.ts";
import { type AuditorEvent, auditorCaller, auditorOf } from "../../../shared/http/iam-caller.ts";
import {
  type PurposeEvent,
  purposeOf,
  type QueryParametersEvent,
  requirePurpose,
  singleQueryParameters,
} from "../../../shared/http/query-request.ts";
import { MAX_PURPOSE_LENGTH } from "../../../shared/wiring/limits.ts";
import { QUERY_PATHS } from "../../../shared/wiring/query-routes.ts";
import { auditorRoleName, hubNameOf, unitRoleName } from "../../../shared/wiring/unit-roles.ts";
import { middyRequest, quietObservability } from "../support/api-gateway.ts";

const almaty = hubNameOf("almaty");

function signedBy(
  roleName: string,
  query = "",
  headers: Record<string, string> = {},
  account = LOCAL_ACCOUNT,
) {
  const caller = assumedRoleCaller({
    account,
    roleName,
    sessionName: "a.auditor",
    accessKeyId: "ASIAEXAMPLE",
  });
  return signedGetEvent(QUERY_PATHS.persons, query, headers, caller);
}

/** Runs one middleware's `before` on an event; the error it throws, if any. */
function runBefore<TEvent extends ReturnType<typeof signedBy>>(
  middleware: { before?: (request: ReturnType<typeof middyRequest<TEvent>>) => unknown },
  event: TEvent,
): unknown {
  try {
    middleware.before?.(middyRequest(event));
    return undefined;
  } catch (error) {
    return error;
  }
}

describe("requirePurpose", () => {
  const withPurpose = (value?: string) =>
    signedBy(
      unitRoleName(almaty, "imc"),
      "",
      value === undefined ? {} : { "x-hub-purpose": value },
    ) as PurposeEvent;

  it("takes the purpose trimmed, and decodes one sent percent-encoded (a Cyrillic reference)", () => {
    const plain = withPurpose("  case 2025-114/7 ");
    const encoded = withPurpose(encodeURIComponent("Дело № 114/7"));

    runBefore(requirePurpose(), plain);
    runBefore(requirePurpose(), encoded);

    expect(plain.purpose).toBe("case 2025-114/7");
    expect(encoded.purpose).toBe("Дело № 114/7");
    expect(purposeOf("100%")).toBe("100%");
  });

  it.each([
    ["absent", undefined, "purpose.missing"],
    ["blank", "   ", "purpose.missing"],
    ["too long", "x".repeat(MAX_PURPOSE_LENGTH + 1), "purpose.too-long"],
    ["on two lines", encodeURIComponent("case 1\ncase 2"), "purpose.invalid"],
  ])("refuses a purpose %s with 400 at /headers/x-hub-purpose", (_, value, code) => {
    const error = runBefore(requirePurpose(), withPurpose(value));

    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, code, details: [{ path: "/headers/x-hub-purpose", code }] });
  });

  it(`takes a purpose of exactly ${MAX_PURPOSE_LENGTH} characters, Cyrillic counted as characters`, () => {
    const event = withPurpose(encodeURIComponent("ж".repeat(MAX_PURPOSE_LENGTH)));

    expect(runBefore(requirePurpose(), event)).toBeUndefined();
  });
});

describe("singleQueryParameters", () => {
  it("hands over the parameters, each once", () => {
    const event = signedBy(unitRoleName(almaty, "imc"), "iin=881102402170&limit=5") as QueryParametersEvent;

    expect(runBefore(singleQueryParameters(), event)).toBeUndefined();
    expect(event.queryParameters).toEqual({ iin: "881102402170", limit: "5" });
  });

  it("refuses a repeated parameter rather than answer about the last one only", () => {
    const event = signedBy(unitRoleName(almaty, "imc"), "iin=881102402170&iin=900105300001");

    const error = runBefore(singleQueryParameters(), event as QueryParametersEvent);

    expect(error).toBeInstanceOf(QueryParametersError);
    expect(error).toMatchObject({ fieldErrors: [{ path: "/query/iin", code: "query.repeated" }] });
  });
});

describe("auditorCaller", () => {
  const { logger } = quietObservability();
  const middleware = auditorCaller({ hubName: almaty, logger });

  it("admits a session of this deployment's auditor role, the officer its session name", () => {
    const event = signedBy(auditorRoleName(almaty)) as AuditorEvent;

    expect(runBefore(middleware, event)).toBeUndefined();
    expect(event.auditor).toEqual({
      principal: `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${auditorRoleName(almaty)}/a.auditor`,
      officer: "a.auditor",
    });
  });

  it("refuses a unit's role, another deployment's auditor and an auditor role of another account with 403", () => {
    for (const event of [
      signedBy(unitRoleName(almaty, "imc")),
      signedBy(auditorRoleName(hubNameOf("astana"))),
      signedBy(auditorRoleName(almaty), "", {}, "999999999999"),
    ]) {
      expect(auditorOf(event, almaty)).toBeUndefined();
      expect(runBefore(middleware, event as AuditorEvent)).toMatchObject({
        status: 403,
        code: "caller.unknown",
      });
    }
  });
});
