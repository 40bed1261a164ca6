/**
 * Middy middlewares of the hub's HTTP functions. Each is a factory (options merged over defaults)
 * returning `{ before, onError }`; failures are thrown as `HttpError`, never returned early, so every
 * middleware's `onError` (metrics, logging) still runs.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import type { ErrorBody } from "../api/responses.ts";
import { internalError, refusalOf } from "./error-responses.ts";
import { HttpError } from "./http-error.ts";

export type HttpMiddleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

export const jsonHeaders = { "content-type": "application/json; charset=utf-8" } as const;

/** The id a client can quote: API Gateway's request id (also in the access log), else Lambda's. */
export function requestIdOf(event: APIGatewayProxyEvent, context: Context): string {
  return event.requestContext?.requestId ?? context.awsRequestId;
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return { statusCode: status, headers: { ...jsonHeaders, ...headers }, body: JSON.stringify(body) };
}

/**
 * Turns any error into the hub's JSON error body, as `refusalOf` maps it; anything it does not know
 * is the hub's own fault: 500 `internal`, logged with its stack (never the request body).
 */
export function jsonErrors(options: { logger: Logger }): HttpMiddleware {
  return {
    onError(request) {
      const refusal = refusalOf(request.error);
      if (refusal === undefined) {
        options.logger.error("unhandled error", { error: request.error });
      } else {
        options.logger.info("request rejected", {
          status: refusal.status,
          code: refusal.code,
          fieldErrors: refusal.details.length,
        });
      }
      const { status, code, message, details, headers } = refusal ?? internalError;
      const body: ErrorBody = {
        requestId: requestIdOf(request.event, request.context),
        error: { code, message, details: [...details] },
      };
      request.response = jsonResponse(status, body, headers);
    },
  };
}

/** The raw body as the client signed it (API Gateway may hand it over base64-encoded). */
export function rawBodyOf(event: APIGatewayProxyEvent): string {
  const body = event.body ?? "";
  return event.isBase64Encoded ? Buffer.from(body, "base64").toString("utf8") : body;
}

/** 413 before anything else reads the body, so an oversize request costs no hashing or parsing. */
export function bodySizeLimit(options: { maxBytes: number }): HttpMiddleware {
  return {
    before(request) {
      const body = request.event.body ?? "";
      // The decoded size of a base64 body, computed from its length and padding without decoding it.
      const bytes = Buffer.byteLength(body, request.event.isBase64Encoded ? "base64" : "utf8");
      if (bytes > options.maxBytes) {
        throw new HttpError(
          413,
          "body.too-large",
          `The request body exceeds the limit of ${options.maxBytes} bytes.`,
        );
      }
    },
  };
}

/** 415 unless the body is declared JSON (`application/json`, any charset parameter, UTF-8 only). */
export function requireJsonContentType(): HttpMiddleware {
  return {
    before(request) {
      const declared = request.event.headers["content-type"] ?? "";
      const [mediaType = "", ...parameters] = declared.split(";").map((part) => part.trim().toLowerCase());
      const charset = parameters.find((p) => p.startsWith("charset="))?.slice("charset=".length);
      if (mediaType !== "application/json" || (charset !== undefined && charset !== "utf-8")) {
        throw new HttpError(415, "body.media-type", "The request body must be `application/json` (UTF-8).");
      }
    },
  };
}

/** The event once `parseJsonBody` has run: the body parsed, exactly once. */
export interface JsonBodyEvent extends APIGatewayProxyEvent {
  jsonBody: unknown;
}

/** 400 for malformed JSON; otherwise the parsed value is set on `event.jsonBody`. */
export function parseJsonBody(): MiddlewareObj<JsonBodyEvent, APIGatewayProxyResult, Error, Context> {
  return {
    before(request) {
      try {
        request.event.jsonBody = JSON.parse(rawBodyOf(request.event)) as unknown;
      } catch {
        throw new HttpError(400, "body.malformed-json", "The request body is not well-formed JSON.");
      }
    },
  };
}
