/**
 * The local gateway serves a route table as API Gateway serves its resources: the most specific
 * resource wins, a method it does not declare is 405, GET requests carry their query string as the
 * single- and multi-value maps, and IAM authorization admits the units' roles and the auditor's.
 */
import type { APIGatewayProxyEvent, Context } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signApiRequest } from "../../../cli/signed-request.ts";
import { type LocalHttpGateway, startLocalHttpGateway } from "../../../local/http-gateway.ts";
import { localIamAuthorizer } from "../../../local/iam-authorizer.ts";
import { generateRoleCredentials, localSessionToken } from "../../../local/unit-roles.ts";
import { errorBodySchema } from "../../../shared/api/responses.ts";
import { AUDIT_PATH, QUERY_PATHS } from "../../../shared/wiring/query-routes.ts";
import { auditorRoleName, hubNameOf, unitRoleName } from "../../../shared/wiring/unit-roles.ts";

const region = "eu-central-1";
const account = "000000000000";
const imc = generateRoleCredentials();
const auditor = generateRoleCredentials();
const hub = hubNameOf("almaty");

let gateway: LocalHttpGateway;
let received: { event: APIGatewayProxyEvent; context: Context }[] = [];
const recordingHandler = async (event: APIGatewayProxyEvent, context: Context) => {
  received.push({ event, context });
  return { statusCode: 200, body: "{}" };
};

beforeAll(async () => {
  const authorize = localIamAuthorizer({
    region,
    account,
    credentials: { imc },
    roleNameOf: (unit) => unitRoleName(hub, unit),
    auditor: { roleName: auditorRoleName(hub), credentials: auditor },
  });
  gateway = await startLocalHttpGateway({
    routes: [
      {
        method: "GET",
        resource: QUERY_PATHS.persons,
        functionName: "queries",
        handler: recordingHandler,
        authorize,
      },
      { method: "GET", resource: AUDIT_PATH, functionName: "audit", handler: recordingHandler, authorize },
      {
        method: "GET",
        resource: "/v1/things/{id}/trace",
        functionName: "queries",
        handler: recordingHandler,
      },
      {
        method: "POST",
        resource: "/v1/things/{id}/trace",
        functionName: "ingest",
        handler: recordingHandler,
      },
      {
        method: "GET",
        resource: "/v1/things/latest/trace",
        functionName: "audit",
        handler: recordingHandler,
      },
    ],
  });
});
afterAll(() => gateway.stop());
beforeEach(() => {
  received = [];
});

async function signedGet(path: string, credentials: typeof imc, officer: string) {
  const target = {
    apiUrl: gateway.url,
    region,
    credentials: { ...credentials, sessionToken: localSessionToken(officer) },
  };
  const signed = await signApiRequest(target, { method: "GET", path });
  return fetch(signed.url, { headers: { ...signed.headers, "x-hub-purpose": "case 114/7" } });
}

describe("the route table", () => {
  it("hands a signed GET its query string as API Gateway does, and the unit role's session as the caller", async () => {
    const response = await signedGet("v1/persons?iin=881102402170&limit=5", imc, "a.serikbayev");

    expect(response.status).toBe(200);
    const [{ event, context } = { event: undefined, context: undefined }] = received;
    expect(event).toMatchObject({
      httpMethod: "GET",
      resource: QUERY_PATHS.persons,
      pathParameters: null,
      queryStringParameters: { iin: "881102402170", limit: "5" },
      multiValueQueryStringParameters: { iin: ["881102402170"], limit: ["5"] },
    });
    expect(event?.headers["x-hub-purpose"]).toBe("case 114/7");
    expect(event?.requestContext.identity.userArn).toBe(
      `arn:aws:sts::${account}:assumed-role/${unitRoleName(hub, "imc")}/a.serikbayev`,
    );
    expect(context?.functionName).toBe("queries");
  });

  it("keeps every value of a repeated parameter in the multi-value map, the last in the single-value map", async () => {
    await fetch(`${gateway.url}/v1/things/7/trace?unit=imc&unit=duty&empty=`);

    const [{ event } = { event: undefined }] = received;
    expect(event?.queryStringParameters).toEqual({ unit: "duty", empty: "" });
    expect(event?.multiValueQueryStringParameters).toEqual({ unit: ["imc", "duty"], empty: [""] });
  });

  it("recognises the auditor's credentials as a session of the auditor role", async () => {
    const response = await signedGet("v1/audit?from=2026-11-01&to=2026-11-30", auditor, "k.auditor");

    expect(response.status).toBe(200);
    expect(received[0]?.event.requestContext.identity.userArn).toBe(
      `arn:aws:sts::${account}:assumed-role/${auditorRoleName(hub)}/k.auditor`,
    );
    expect(received[0]?.context.functionName).toBe("audit");
  });

  it("routes a literal segment before a path parameter, and decodes the parameter", async () => {
    await fetch(`${gateway.url}/v1/things/latest/trace`);
    await fetch(`${gateway.url}/v1/things/a%2Fb/trace/`);

    expect(received.map(({ event }) => [event.resource, event.pathParameters])).toEqual([
      ["/v1/things/latest/trace", null],
      ["/v1/things/{id}/trace", { id: "a/b" }],
    ]);
  });

  it("answers 405 with the methods a resource accepts, and 404 `route.unknown` off the table", async () => {
    const wrongMethod = await fetch(`${gateway.url}${QUERY_PATHS.persons}`, { method: "POST", body: "{}" });
    const unknown = await fetch(`${gateway.url}/v1/nowhere`);

    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET");
    expect(errorBodySchema.parse(await wrongMethod.json()).error.code).toBe("method.not-allowed");
    expect(unknown.status).toBe(404);
    expect(errorBodySchema.parse(await unknown.json()).error.code).toBe("route.unknown");
    expect(received).toEqual([]);
  });

  it("refuses an unsigned request to an IAM route with 403 before the function", async () => {
    const response = await fetch(`${gateway.url}${AUDIT_PATH}?from=2026-11-01&to=2026-11-30`);

    expect(response.status).toBe(403);
    expect(received).toEqual([]);
  });
});
