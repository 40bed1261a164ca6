import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEvent } from "aws-lambda";

export interface HttpRequestLike {
  readonly method: string;
  /** The path as API Gateway matched it, e.g. `/v1/feeds/{source}`. */
  readonly resource: string;
  readonly path: string;
  readonly pathParameters: Record<string, string> | null;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly sourceIp?: string;
}

/** A REST API (v1) Lambda proxy event with every field API Gateway fills, as the real one arrives. */
export function apiGatewayProxyEvent(request: HttpRequestLike): APIGatewayProxyEvent {
  const now = new Date();
  const multiValueHeaders = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [name, [value]]),
  );
  return {
    resource: request.resource,
    path: request.path,
    httpMethod: request.method,
    headers: { ...request.headers },
    multiValueHeaders,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: request.pathParameters,
    stageVariables: null,
    body: request.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      authorizer: null,
      protocol: "HTTP/1.1",
      httpMethod: request.method,
      path: `/local${request.path}`,
      stage: "local",
      requestId: randomUUID(),
      requestTimeEpoch: now.getTime(),
      resourceId: "local",
      resourcePath: request.resource,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp ?? "127.0.0.1",
        user: null,
        userAgent: request.headers["user-agent"] ?? null,
        userArn: null,
      },
    },
  };
}

/** The ingest route's event for one feed request. */
export function feedRequestEvent(
  source: string,
  body: string,
  headers: Record<string, string>,
): APIGatewayProxyEvent {
  return apiGatewayProxyEvent({
    method: "POST",
    resource: "/v1/feeds/{source}",
    path: `/v1/feeds/${source}`,
    pathParameters: { source },
    headers,
    body,
  });
}
