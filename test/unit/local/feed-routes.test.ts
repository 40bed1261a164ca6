/**
 * The local gateway routes feed paths as API Gateway does: a known source's own resource wins over
 * the catch-all `/v1/feeds/{source}` (the most specific path wins), and only what no source's
 * resource matches reaches the catch-all, with the decoded segment as its parameter.
 */
import type { APIGatewayProxyEvent } from "aws-lambda";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { feedRequestEvent } from "../../../local/api-gateway-event.ts";
import { feedRoutes, type LocalHttpGateway, startLocalHttpGateway } from "../../../local/http-gateway.ts";

let gateway: LocalHttpGateway;
let received: APIGatewayProxyEvent[] = [];

beforeAll(async () => {
  const recordingHandler = async (event: APIGatewayProxyEvent) => {
    received.push(event);
    return { statusCode: 202, body: "{}" };
  };
  gateway = await startLocalHttpGateway({ routes: feedRoutes(recordingHandler) });
});
afterAll(() => gateway.stop());
beforeEach(() => {
  received = [];
});

async function routeOf(path: string): Promise<Pick<APIGatewayProxyEvent, "resource" | "pathParameters">> {
  const response = await fetch(`${gateway.url}${path}`, { method: "POST", body: "{}" });
  expect(response.status).toBe(202);
  const [event] = received;
  if (event === undefined) throw new Error("the ingest handler was not called");
  return { resource: event.resource, pathParameters: event.pathParameters };
}

describe("local gateway: feed routes", () => {
  it.each(["kqp", "burkit", "bil"])("routes /v1/feeds/%s to the source's own resource", async (source) => {
    expect(await routeOf(`/v1/feeds/${source}`)).toEqual({
      resource: `/v1/feeds/${source}`,
      pathParameters: null,
    });
  });

  it.each([
    ["an unknown source", "/v1/feeds/sirena", "sirena"],
    ["a percent-encoded known source (no source's resource matches it)", "/v1/feeds/%6Bqp", "kqp"],
    ["a known source in capitals", "/v1/feeds/KQP", "KQP"],
  ])("routes %s to the catch-all with the decoded segment", async (_, path, source) => {
    expect(await routeOf(path)).toEqual({ resource: "/v1/feeds/{source}", pathParameters: { source } });
  });
});

describe("feedRequestEvent", () => {
  it("builds the event of a known source's own resource, and of the catch-all for any other", () => {
    expect(feedRequestEvent("bil", "{}", {})).toMatchObject({
      resource: "/v1/feeds/bil",
      pathParameters: null,
    });
    expect(feedRequestEvent("sirena", "{}", {})).toMatchObject({
      resource: "/v1/feeds/{source}",
      pathParameters: { source: "sirena" },
    });
  });
});
