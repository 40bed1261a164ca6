import { randomUUID } from "node:crypto";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { isFeedSourceId } from "../shared/domain/catalogue/index.ts";
import { FEED_CATCH_ALL_RESOURCE, FEED_SOURCE_PARAMETER, FEEDS_PATH } from "../shared/wiring/feed-route.ts";
import { REPORTS_PATH } from "../shared/wiring/reports-route.ts";
import { LOCAL_ACCOUNT } from "./local-aws.ts";

export interface HttpRequestLike {
  readonly method: string;
  /** The path as API Gateway matched it, e.g. `/v1/feeds/{source}`. */
  readonly resource: string;
  readonly path: string;
  readonly pathParameters: Record<string, string> | null;
  /** The query string as sent, without its `?`. */
  readonly query?: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly sourceIp?: string;
  /** Who signed the request, on a route with IAM authorization. */
  readonly caller?: IamCaller;
}

/** The signer of a request, as API Gateway's IAM authorization puts it in `requestContext.identity`. */
export interface IamCaller {
  readonly accountId: string;
  readonly accessKey: string;
  /** The principal id: for an assumed role, `<role id>:<session name>`. */
  readonly caller: string;
  /** For an assumed role, `arn:aws:sts::<account>:assumed-role/<role name>/<session name>`. */
  readonly userArn: string;
}

/**
 * The query string as API Gateway hands it over: values decoded, every value of a name in the
 * multi-value map, the last one in the single-value map; both `null` without parameters.
 */
function queryStringParametersOf(
  query: string,
): Pick<APIGatewayProxyEvent, "queryStringParameters" | "multiValueQueryStringParameters"> {
  const single: Record<string, string> = {};
  const multiple: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    single[name] = value;
    multiple[name] = [...(multiple[name] ?? []), value];
  }
  return Object.keys(single).length === 0
    ? { queryStringParameters: null, multiValueQueryStringParameters: null }
    : { queryStringParameters: single, multiValueQueryStringParameters: multiple };
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
    ...queryStringParametersOf(request.query ?? ""),
    pathParameters: request.pathParameters,
    stageVariables: null,
    body: request.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: LOCAL_ACCOUNT,
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
        accessKey: request.caller?.accessKey ?? null,
        accountId: request.caller?.accountId ?? null,
        apiKey: null,
        apiKeyId: null,
        caller: request.caller?.caller ?? null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp ?? "127.0.0.1",
        user: request.caller?.caller ?? null,
        userAgent: request.headers["user-agent"] ?? null,
        userArn: request.caller?.userArn ?? null,
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
    ...feedRoute(source, source),
    path: `${FEEDS_PATH}/${source}`,
    headers,
    body,
  });
}

/**
 * The resource API Gateway matches for `POST /v1/feeds/<segment>`: a known source's own resource
 * (the most specific path wins; no path parameter), else the catch-all with the decoded segment as
 * its parameter. A percent-encoded known source matches no source's resource.
 */
export function feedRoute(
  segment: string,
  decoded: string,
): Pick<HttpRequestLike, "resource" | "pathParameters"> {
  return isFeedSourceId(segment)
    ? { resource: `${FEEDS_PATH}/${segment}`, pathParameters: null }
    : { resource: FEED_CATCH_ALL_RESOURCE, pathParameters: { [FEED_SOURCE_PARAMETER]: decoded } };
}

/** The reports route's event for one request, signed by `caller` (IAM authorization passed). */
export function reportsRequestEvent(
  body: string,
  headers: Record<string, string>,
  caller: IamCaller,
): APIGatewayProxyEvent {
  return apiGatewayProxyEvent({
    method: "POST",
    resource: REPORTS_PATH,
    path: REPORTS_PATH,
    pathParameters: null,
    headers,
    body,
    caller,
  });
}

/** A `GET` of an IAM-authorised route (a query, the audit log) signed by `caller`; `query` as sent, without `?`. */
export function signedGetEvent(
  resource: string,
  query: string,
  headers: Record<string, string>,
  caller: IamCaller,
): APIGatewayProxyEvent {
  return apiGatewayProxyEvent({
    method: "GET",
    resource,
    path: resource,
    pathParameters: null,
    query,
    headers,
    body: "",
    caller,
  });
}
