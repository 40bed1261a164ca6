/**
 * What every query (`GET /v1/persons`, `/v1/stay-legality`, `/v1/inviters`) reads from its request
 * before the use case: its stated purpose and its query-string parameters, each at most once.
 */
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { QueryParametersError } from "../domain/errors.ts";
import { parameterError, type QueryParameters } from "../domain/queries/parameters.ts";
import { MAX_PURPOSE_LENGTH } from "../wiring/limits.ts";
import { PURPOSE_HEADER } from "../wiring/query-routes.ts";
import { HttpError } from "./http-error.ts";

/** Control characters (C0, DEL, C1) and line or paragraph separators: no place in a one-line reference. */
const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;

/**
 * The purpose as the officer wrote it. HTTP carries header values as bytes of Latin-1, so a purpose in
 * Cyrillic is sent percent-encoded UTF-8 (`encodeURIComponent`): such a value is decoded, anything
 * that does not decode is taken as written.
 */
export function purposeOf(headerValue: string): string {
  try {
    return decodeURIComponent(headerValue).trim();
  } catch {
    return headerValue.trim();
  }
}

function purposeRefused(code: string, message: string): HttpError {
  return new HttpError(400, code, message, [{ path: `/headers/${PURPOSE_HEADER}`, code, message }]);
}

/** The event once `requirePurpose` has run: the stated purpose, decoded and trimmed. */
export interface PurposeEvent extends APIGatewayProxyEvent {
  purpose: string;
}

/**
 * 400 unless the request states its purpose (a case or matter reference) in `x-hub-purpose`: present,
 * not blank, at most `MAX_PURPOSE_LENGTH` characters, one line. Runs after the header normaliser.
 */
export function requirePurpose(): MiddlewareObj<PurposeEvent, APIGatewayProxyResult, Error, Context> {
  return {
    before(request) {
      const purpose = purposeOf(request.event.headers[PURPOSE_HEADER] ?? "");
      if (purpose === "") {
        throw purposeRefused(
          "purpose.missing",
          `State the query's purpose, a case or matter reference, in the header ${PURPOSE_HEADER}.`,
        );
      }
      if ([...purpose].length > MAX_PURPOSE_LENGTH) {
        throw purposeRefused(
          "purpose.too-long",
          `The purpose may be at most ${MAX_PURPOSE_LENGTH} characters: a reference and a few words.`,
        );
      }
      if (CONTROL_CHARACTER.test(purpose)) {
        throw purposeRefused("purpose.invalid", "The purpose must be one line without control characters.");
      }
      request.event.purpose = purpose;
    },
  };
}

/** The event once `singleQueryParameters` has run. */
export interface QueryParametersEvent extends APIGatewayProxyEvent {
  queryParameters: QueryParameters;
}

/**
 * The query-string parameters, each given once: API Gateway's single-value map would silently keep the
 * last of a repeated one, and a query about a person must not answer about someone the officer did not
 * name last. A repeated parameter is refused (400 `query.invalid`).
 */
export function singleQueryParameters(): MiddlewareObj<
  QueryParametersEvent,
  APIGatewayProxyResult,
  Error,
  Context
> {
  return {
    before(request) {
      const repeated = Object.entries(request.event.multiValueQueryStringParameters ?? {}).flatMap(
        ([name, values]) => ((values?.length ?? 0) > 1 ? [name] : []),
      );
      if (repeated.length > 0) {
        throw new QueryParametersError(
          repeated.map((name) => parameterError(name, "query.repeated", `Give \`${name}\` once.`)),
        );
      }
      request.event.queryParameters = { ...(request.event.queryStringParameters ?? {}) };
    },
  };
}
