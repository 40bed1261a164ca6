/**
 * The local stand-in for API Gateway: turns HTTP requests into REST proxy events and calls the real
 * handlers in-process, as the deployed API's integrations do: `/v1/feeds/{source}` to the ingest
 * function, and `/v1/reports`, after IAM authorization (SigV4), to the reports function.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { REPORTS_PATH } from "../shared/wiring/reports-route.ts";
import { apiGatewayProxyEvent, feedRoute, type IamCaller } from "./api-gateway-event.ts";
import { localLambdaContext } from "./lambda-context.ts";
import type { ReceivedRequest } from "./sigv4.ts";

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** IAM authorization of a signed request: who signed it, or why it is refused (403). */
export type IamAuthorization =
  | { readonly ok: true; readonly caller: IamCaller }
  | { readonly ok: false; readonly code: string; readonly message: string };

export interface LocalHttpGatewayOptions {
  /** `POST /v1/feeds/{source}`. */
  readonly ingest: ProxyHandler;
  /** `POST /v1/reports`, reached only by requests `authorize` admits. */
  readonly reports: {
    readonly handler: ProxyHandler;
    authorize(request: ReceivedRequest): Promise<IamAuthorization>;
  };
  readonly port?: number;
}

/** API Gateway's own payload limit; the functions enforce the hub's smaller one. */
const API_GATEWAY_MAX_BYTES = 10 * 1024 * 1024;
const FEED_ROUTE = /^\/v1\/feeds\/([^/]+)\/?$/;

export interface LocalHttpGateway {
  readonly url: string;
  stop(): Promise<void>;
}

function gatewayError(status: number, code: string, message: string): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ requestId: randomUUID(), error: { code, message, details: [] } }),
  };
}

/**
 * The body's bytes, or `undefined` when it exceeds API Gateway's limit. An oversized body is still
 * read to its end (and dropped): answering before the request is over would leave the rest of it on
 * a kept-alive connection, where the client's next request would follow it.
 */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= API_GATEWAY_MAX_BYTES) chunks.push(chunk as Buffer);
  }
  return size > API_GATEWAY_MAX_BYTES ? undefined : Buffer.concat(chunks);
}

function singleValueHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i];
    const value = request.rawHeaders[i + 1];
    if (name !== undefined && value !== undefined) headers[name] = value; // API Gateway keeps the last value
  }
  return headers;
}

/** Node's view of the headers (lower-case names, repeated values joined), as a signature covers them. */
function signedHeaderValues(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return headers;
}

function decodedPathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined; // not valid percent-encoded UTF-8
  }
}

export async function startLocalHttpGateway(options: LocalHttpGatewayOptions): Promise<LocalHttpGateway> {
  async function answer(request: IncomingMessage): Promise<APIGatewayProxyResult> {
    const url = new URL(request.url ?? "/", "http://local");
    const path = url.pathname;
    const feed = FEED_ROUTE.exec(path);
    const reports = path === REPORTS_PATH || path === `${REPORTS_PATH}/`;
    if ((feed === null || feed[1] === undefined) && !reports) {
      return gatewayError(
        404,
        "route.unknown",
        "No such route. Feeds are posted to /v1/feeds/{source}, units' reports to /v1/reports.",
      );
    }
    if (request.method !== "POST")
      return gatewayError(405, "method.not-allowed", "This route accepts POST only.");
    const body = await readBody(request);
    if (body === undefined)
      return gatewayError(413, "body.too-large", "The request body exceeds API Gateway's limit.");
    const headers = singleValueHeaders(request);
    const sourceIp = request.socket.remoteAddress;

    if (reports) {
      const authorization = await options.reports.authorize({
        method: "POST",
        path,
        query: url.search.slice(1),
        headers: signedHeaderValues(request),
        body,
      });
      if (!authorization.ok) return gatewayError(403, authorization.code, authorization.message);
      const event = apiGatewayProxyEvent({
        method: "POST",
        resource: REPORTS_PATH,
        path,
        pathParameters: null,
        headers,
        body: body.toString("utf8"),
        sourceIp,
        caller: authorization.caller,
      });
      return options.reports.handler(event, localLambdaContext("reports"));
    }

    const segment = feed?.[1] ?? "";
    const source = decodedPathSegment(segment);
    if (source === undefined)
      return gatewayError(400, "request.rejected", "The request path is not valid percent-encoding.");
    const event = apiGatewayProxyEvent({
      method: "POST",
      ...feedRoute(segment, source),
      path,
      headers,
      body: body.toString("utf8"),
      sourceIp,
    });
    return options.ingest(event, localLambdaContext("ingest"));
  }

  const server: Server = createServer((request, response) => {
    answer(request)
      .catch(() => gatewayError(502, "gateway.integration", "The function failed."))
      .then((result) => {
        response.writeHead(result.statusCode, result.headers as Record<string, string>);
        response.end(result.body);
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
