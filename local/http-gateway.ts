/**
 * The local stand-in for API Gateway: turns HTTP requests into REST proxy events and calls the real
 * ingest handler in-process, as the deployed API's `/v1/feeds/{source}` integration does.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { apiGatewayProxyEvent } from "./api-gateway-event.ts";
import { localLambdaContext } from "./lambda-context.ts";

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** API Gateway's own payload limit; the ingest function enforces the hub's smaller one. */
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

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > API_GATEWAY_MAX_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
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

export async function startLocalHttpGateway(options: {
  handler: ProxyHandler;
  port?: number;
}): Promise<LocalHttpGateway> {
  async function answer(request: IncomingMessage): Promise<APIGatewayProxyResult> {
    const path = new URL(request.url ?? "/", "http://local").pathname;
    const route = FEED_ROUTE.exec(path);
    if (route === null || route[1] === undefined) {
      return gatewayError(404, "route.unknown", "No such route. Feeds are posted to /v1/feeds/{source}.");
    }
    if (request.method !== "POST") return gatewayError(405, "method.not-allowed", "Feeds accept POST only.");
    const body = await readBody(request);
    if (body === undefined)
      return gatewayError(413, "body.too-large", "The request body exceeds API Gateway's limit.");
    const source = decodeURIComponent(route[1]);
    const event = apiGatewayProxyEvent({
      method: "POST",
      resource: "/v1/feeds/{source}",
      path,
      pathParameters: { source },
      headers: singleValueHeaders(request),
      body,
      sourceIp: request.socket.remoteAddress,
    });
    return options.handler(event, localLambdaContext("ingest"));
  }

  const server: Server = createServer((request, response) => {
    answer(request)
      .catch(() => gatewayError(502, "gateway.integration", "The ingest function failed."))
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
