import { Agent, request as httpRequest } from "node:http";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postReports } from "../../../cli/reports-client.ts";
import { feedRoutes, type LocalHttpGateway, startLocalHttpGateway } from "../../../local/http-gateway.ts";
import { localIamAuthorizer } from "../../../local/iam-authorizer.ts";
import { generateRoleCredentials, localSessionToken } from "../../../local/unit-roles.ts";
import { errorBodySchema } from "../../../shared/api/responses.ts";
import { hubNameOf, unitRoleName } from "../../../shared/wiring/unit-roles.ts";

const region = "eu-central-1";
const account = "000000000000";
const duty = generateRoleCredentials();
const roleNameOf = (unit: string) => unitRoleName(hubNameOf("almaty"), unit);

let gateway: LocalHttpGateway;
let received: APIGatewayProxyEvent[] = [];
/** The handlers' stand-in: records the event, answers 202. */
const recordingHandler = async (event: APIGatewayProxyEvent) => {
  received.push(event);
  return { statusCode: 202, body: "{}" };
};

beforeAll(async () => {
  gateway = await startLocalHttpGateway({
    routes: [
      ...feedRoutes(recordingHandler),
      {
        method: "POST",
        resource: "/v1/reports",
        functionName: "reports",
        handler: recordingHandler,
        authorize: localIamAuthorizer({ region, account, credentials: { duty }, roleNameOf }),
      },
    ],
  });
});
afterAll(() => gateway.stop());
beforeEach(() => {
  received = [];
});

interface Answer {
  readonly status: number;
  readonly body: string;
  /** Whether the request went out on a connection an earlier request had used. */
  readonly reusedSocket: boolean;
}

/** One request through a kept-alive agent, as a client that reuses its connections sends it. */
function send(agent: Agent, path: string, body: Buffer | string, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const request = httpRequest(
      `${gateway.url}${path}`,
      { method: "POST", agent, headers: { "content-type": "application/json", ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            reusedSocket: request.reusedSocket,
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

describe("the local HTTP gateway on a kept-alive connection", () => {
  it("answers 413 to a body over 10 MB, and the next request on the same connection is served", async () => {
    // Twice the limit: most of the body is still on its way when the gateway has seen enough to refuse it.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const tooLarge = await send(agent, "/v1/feeds/kqp", Buffer.alloc(20 * 1024 * 1024 + 1, 0x20));
      const next = await send(agent, "/v1/feeds/kqp", "{}");

      expect(tooLarge.status).toBe(413);
      expect(errorBodySchema.parse(JSON.parse(tooLarge.body)).error.code).toBe("body.too-large");
      expect(next).toMatchObject({ status: 202, reusedSocket: true });
      expect(received).toHaveLength(1);
    } finally {
      agent.destroy();
    }
  });

  it("answers 400 to a malformed percent-encoding in the path, and keeps serving the connection", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const malformed = await send(agent, "/v1/feeds/%E0%A4%A", "{}");
      const next = await send(agent, "/v1/feeds/kqp", "{}");

      expect(malformed.status).toBe(400);
      expect(errorBodySchema.parse(JSON.parse(malformed.body)).error.code).toBe("request.rejected");
      expect(next).toMatchObject({ status: 202, reusedSocket: true });
      expect(received.map((event) => event.path)).toEqual(["/v1/feeds/kqp"]);
    } finally {
      agent.destroy();
    }
  });
});

describe("IAM authorization of /v1/reports", () => {
  const body = JSON.stringify({ reports: [] });
  const target = (credentials = duty, officer = "a.serikbayev") => ({
    apiUrl: gateway.url,
    region,
    credentials: { ...credentials, sessionToken: localSessionToken(officer) },
  });

  it("hands the reports function the caller as API Gateway does: the unit role's session", async () => {
    const response = await postReports(target(), body);

    expect(response.status).toBe(202);
    const [event] = received;
    expect(event?.resource).toBe("/v1/reports");
    expect(event?.body).toBe(body);
    expect(event?.requestContext.authorizer).toBeNull();
    expect(event?.requestContext.identity).toMatchObject({
      accountId: account,
      accessKey: duty.accessKeyId,
      userArn: `arn:aws:sts::${account}:assumed-role/Order195Hub-almaty-duty/a.serikbayev`,
      caller: expect.stringMatching(/^AROA[A-Z2-7]{17}:a\.serikbayev$/),
    });
  });

  it("refuses unsigned, tampered and unknown-key requests with 403 in the hub's error body", async () => {
    const signedFor = async (signedBody: string) => {
      const signed = await postReports(target(), signedBody);
      expect(signed.status).toBe(202);
      const [event] = received.splice(0);
      // The signature's headers, to send again with another body.
      return Object.fromEntries(
        Object.entries(event?.headers ?? {}).flatMap(([name, value]) =>
          value !== undefined && (name === "authorization" || name.startsWith("x-amz-"))
            ? [[name, value]]
            : [],
        ),
      );
    };
    const validHeaders = await signedFor(body);
    const { authorization: _authorization, ...unsignedHeaders } = validHeaders;
    const stranger = generateRoleCredentials();
    const agent = new Agent({ keepAlive: false });
    try {
      const unsigned = await send(agent, "/v1/reports", body, unsignedHeaders);
      const tampered = await send(agent, "/v1/reports", body.replace("[]", "[ ]"), validHeaders);
      const unknownKey = await postReports(target(stranger), body);
      const badToken = await postReports(
        { ...target(), credentials: { ...duty, sessionToken: "forged" } },
        body,
      );

      expect(
        [unsigned, tampered].map((answer) => errorBodySchema.parse(JSON.parse(answer.body)).error.code),
      ).toEqual(["signature.missing", "signature.invalid"]);
      expect([unsigned.status, tampered.status, unknownKey.status, badToken.status]).toEqual([
        403, 403, 403, 403,
      ]);
      expect(unknownKey.error?.error.code).toBe("credentials.unknown");
      expect(received).toEqual([]);
    } finally {
      agent.destroy();
    }
  });
});
