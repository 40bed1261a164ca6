/**
 * The local stand-in for API Gateway: turns HTTP requests into REST proxy events and calls the real
 * handlers in-process, as the deployed API's integrations do. What it serves is a route table: each
 * row a method on a resource, the function behind it, and whether IAM authorization (SigV4) applies.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { feedSourceIds } from "../shared/domain/catalogue/index.ts";
import { FEED_CATCH_ALL_RESOURCE, FEEDS_PATH } from "../shared/wiring/feed-route.ts";
import type { HubFunctionName } from "../shared/wiring/functions.ts";
import { apiGatewayProxyEvent, type IamCaller } from "./api-gateway-event.ts";
import { localLambdaContext } from "./lambda-context.ts";
import type { ReceivedRequest } from "./sigv4.ts";

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** IAM authorization of a signed request: who signed it, or why it is refused (403). */
export type IamAuthorization =
  | { readonly ok: true; readonly caller: IamCaller }
  | { readonly ok: false; readonly code: string; readonly message: string };

export type IamAuthorizer = (request: ReceivedRequest) => Promise<IamAuthorization>;

/** One row of the route table: a method on a resource of the API and the integration behind it. */
export interface GatewayRoute {
  readonly method: "GET" | "POST";
  /** The resource as API Gateway declares it; a `{name}` segment is a path parameter. */
  readonly resource: string;
  /** The function the integration invokes (its Lambda context is named after it). */
  readonly functionName: HubFunctionName;
  readonly handler: ProxyHandler;
  /** On a route with IAM authorization: a request it refuses gets 403 and never reaches the handler. */
  readonly authorize?: IamAuthorizer;
}

export interface LocalHttpGatewayOptions {
  readonly routes: readonly GatewayRoute[];
  readonly port?: number;
}

/**
 * The feed routes, as the API declares them: one resource per source (no path parameter), and the
 * catch-all `/v1/feeds/{source}` for any other segment, all to the ingest function.
 */
export function feedRoutes(ingest: ProxyHandler): GatewayRoute[] {
  return [...feedSourceIds.map((source) => `${FEEDS_PATH}/${source}`), FEED_CATCH_ALL_RESOURCE].map(
    (resource) => ({ method: "POST", resource, functionName: "ingest", handler: ingest }),
  );
}

/** API Gateway's own payload limit; the functions enforce the hub's smaller one. */
const API_GATEWAY_MAX_BYTES = 10 * 1024 * 1024;

export interface LocalHttpGateway {
  readonly url: string;
  stop(): Promise<void>;
}

function gatewayError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
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

/** The segments of a path, a trailing slash ignored as API Gateway ignores it. */
function segmentsOf(path: string): string[] {
  return path
    .replace(/(.)\/$/, "$1")
    .split("/")
    .slice(1);
}

interface ResourceMatch {
  readonly resource: string;
  /** The raw (still percent-encoded) value of each path parameter. */
  readonly parameters: Record<string, string>;
  /** Literal segments matched: the most specific resource wins, as on API Gateway. */
  readonly literals: number;
}

function matchResource(resource: string, path: readonly string[]): ResourceMatch | undefined {
  const template = segmentsOf(resource);
  if (template.length !== path.length) return undefined;
  const parameters: Record<string, string> = {};
  let literals = 0;
  for (const [index, expected] of template.entries()) {
    const actual = path[index] ?? "";
    const parameter = /^\{(\w+)\}$/.exec(expected)?.[1];
    if (parameter !== undefined && actual !== "") {
      parameters[parameter] = actual;
    } else if (expected === actual) {
      literals += 1;
    } else {
      return undefined;
    }
  }
  return { resource, parameters, literals };
}

/** The most specific resource of the table the path names, with every route declared on it. */
function resourceFor(routes: readonly GatewayRoute[], path: string) {
  const segments = segmentsOf(path);
  let best: { match: ResourceMatch; routes: GatewayRoute[] } | undefined;
  for (const route of routes) {
    const match = matchResource(route.resource, segments);
    if (match === undefined || (best !== undefined && match.literals < best.match.literals)) continue;
    if (best === undefined || match.literals > best.match.literals) best = { match, routes: [route] };
    else if (match.resource === best.match.resource) best.routes.push(route);
  }
  return best;
}

/** `{ name: decoded value }`, `null` without parameters, `undefined` when a value is not valid percent-encoding. */
function decodedParameters(raw: Record<string, string>): Record<string, string> | null | undefined {
  const entries = Object.entries(raw);
  if (entries.length === 0) return null;
  const decoded: Record<string, string> = {};
  for (const [name, value] of entries) {
    const text = decodedPathSegment(value);
    if (text === undefined) return undefined;
    decoded[name] = text;
  }
  return decoded;
}

function unknownRoute(routes: readonly GatewayRoute[]): APIGatewayProxyResult {
  const served = [...new Set(routes.map((route) => `${route.method} ${route.resource}`))];
  return gatewayError(404, "route.unknown", `No such route. This hub serves ${served.join(", ")}.`);
}

export async function startLocalHttpGateway(options: LocalHttpGatewayOptions): Promise<LocalHttpGateway> {
  async function answer(request: IncomingMessage): Promise<APIGatewayProxyResult> {
    const url = new URL(request.url ?? "/", "http://local");
    const path = url.pathname;
    const found = resourceFor(options.routes, path);
    if (found === undefined) return unknownRoute(options.routes);
    const route = found.routes.find((candidate) => candidate.method === request.method);
    if (route === undefined) {
      const allowed = found.routes.map((candidate) => candidate.method);
      return gatewayError(405, "method.not-allowed", `This route accepts ${allowed.join(", ")} only.`, {
        allow: allowed.join(", "),
      });
    }
    const body = await readBody(request);
    if (body === undefined)
      return gatewayError(413, "body.too-large", "The request body exceeds API Gateway's limit.");
    const pathParameters = decodedParameters(found.match.parameters);
    if (pathParameters === undefined)
      return gatewayError(400, "request.rejected", "The request path is not valid percent-encoding.");

    const query = url.search.slice(1);
    let caller: IamCaller | undefined;
    if (route.authorize !== undefined) {
      const authorization = await route.authorize({
        method: route.method,
        path,
        query,
        headers: signedHeaderValues(request),
        body,
      });
      if (!authorization.ok) return gatewayError(403, authorization.code, authorization.message);
      caller = authorization.caller;
    }
    const event = apiGatewayProxyEvent({
      method: route.method,
      resource: route.resource,
      path,
      pathParameters,
      query,
      headers: singleValueHeaders(request),
      body: body.toString("utf8"),
      sourceIp: request.socket.remoteAddress,
      caller,
    });
    return route.handler(event, localLambdaContext(route.functionName));
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
