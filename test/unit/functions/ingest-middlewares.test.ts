import { Logger } from "@aws-lambda-powertools/logger";
import { describe, expect, it, vi } from "vitest";
import {
  type FeedSourceEvent,
  feedSourceRoute,
  webhookSignature,
} from "../../../functions/ingest/middlewares.ts";
import { apiGatewayProxyEvent, feedRequestEvent } from "../../../local/api-gateway-event.ts";
import type { FeedSourceId } from "../../../shared/domain/catalogue/index.ts";
import { signWebhook } from "../../../shared/http/webhook-signature.ts";
import { middyRequest, quietObservability, signedFeedEvent, webhookKey } from "../support/api-gateway.ts";

describe("feedSourceRoute", () => {
  const route = () => {
    const logger = new Logger({ logLevel: "SILENT" });
    return { logger, middleware: feedSourceRoute({ logger }) };
  };
  /** The event before the route has run, holding a source the route is to replace. */
  const unrouted = (event: ReturnType<typeof feedRequestEvent>): FeedSourceEvent => ({
    ...event,
    feedSource: "kqp",
  });

  /** The event of a per-source resource, as API Gateway matches `/v1/feeds/<source>` (no path parameter). */
  const perSourceEvent = (source: string) =>
    apiGatewayProxyEvent({
      method: "POST",
      resource: `/v1/feeds/${source}`,
      path: `/v1/feeds/${source}`,
      pathParameters: null,
      headers: {},
      body: "{}",
    });
  /** The event of the catch-all resource `/v1/feeds/{source}`. */
  const catchAllEvent = (source: string) =>
    apiGatewayProxyEvent({
      method: "POST",
      resource: "/v1/feeds/{source}",
      path: `/v1/feeds/${source}`,
      pathParameters: { source },
      headers: {},
      body: "{}",
    });

  it("takes the source from a per-source resource, which has no path parameter, and adds it to the log keys", () => {
    // Prepare
    const { logger, middleware } = route();
    const appended = vi.spyOn(logger, "appendKeys");
    const request = middyRequest<FeedSourceEvent>(unrouted(perSourceEvent("bil")));

    // Act
    middleware.before?.(request);

    // Assess
    expect(request.event.feedSource).toBe("bil");
    expect(appended).toHaveBeenCalledWith({
      source: "bil",
      requestId: request.event.requestContext.requestId,
    });
  });

  it.each(["kqp", "burkit", "bil", "sirena"])(
    "refuses %s through the catch-all resource with 404: only the per-source resources (and their IP allow-lists) lead in",
    (source) => {
      // Prepare
      const { middleware } = route();
      const request = middyRequest<FeedSourceEvent>(unrouted(catchAllEvent(source)));

      // Act and Assess
      expect(() => middleware.before?.(request)).toThrow(
        expect.objectContaining({ status: 404, code: "source.unknown" }),
      );
    },
  );

  it("refuses a resource that is no feed source's, whatever its last segment", () => {
    // Prepare
    const { middleware } = route();
    const event = { ...perSourceEvent("kqp"), resource: "/v2/feeds/kqp" };

    // Act and Assess
    expect(() => middleware.before?.(middyRequest<FeedSourceEvent>(unrouted(event)))).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it("refuses an unknown source with 404 source.unknown, listing the known ones", () => {
    // Prepare
    const { middleware } = route();
    const request = middyRequest<FeedSourceEvent>(unrouted(feedRequestEvent("sirena", "{}", {})));

    // Act and Assess
    expect(() => middleware.before?.(request)).toThrow(
      expect.objectContaining({
        status: 404,
        code: "source.unknown",
        message: expect.stringContaining("kqp, burkit, bil"),
      }),
    );
  });
});

describe("webhookSignature", () => {
  const key = webhookKey();
  const keysFor = vi.fn(async (source: FeedSourceId) => (source === "kqp" ? [key] : []));
  const signature = webhookSignature({ keyring: { keysFor }, metrics: quietObservability().metrics });
  const routed = (event: ReturnType<typeof feedRequestEvent>, source: FeedSourceId = "kqp") =>
    middyRequest<FeedSourceEvent>({ ...event, feedSource: source });

  it("lets a body signed with an active key of the event's source through", async () => {
    // Act
    const passed = signature.before?.(routed(signedFeedEvent("kqp", '{"a":1}', key)));

    // Assess
    await expect(passed).resolves.toBeUndefined();
    expect(keysFor).toHaveBeenLastCalledWith("kqp");
  });

  it.each([
    ["no signature headers", () => feedRequestEvent("kqp", "{}", {}), "kqp", "signature.missing"],
    ["another key", () => signedFeedEvent("kqp", "{}", webhookKey()), "kqp", "signature.invalid"],
    ["the key of another source", () => signedFeedEvent("burkit", "{}", key), "burkit", "signature.invalid"],
    [
      "a timestamp 10 minutes old",
      () =>
        feedRequestEvent(
          "kqp",
          "{}",
          signWebhook(key, "{}", { id: "msg_old", timestamp: new Date(Date.now() - 600_000) }),
        ),
      "kqp",
      "signature.expired",
    ],
  ] as const)("refuses %s with 401", async (_, event, source, code) => {
    // Act
    const refused = signature.before?.(routed(event(), source));

    // Assess
    await expect(refused).rejects.toMatchObject({ status: 401, code });
  });

  it("refuses a body changed after signing with 401 signature.invalid", async () => {
    // Prepare
    const signed = signedFeedEvent("kqp", '{"region":"KZ-75"}', key);
    const tampered = { ...signed, body: '{"region":"KZ-71"}' };

    // Act
    const refused = signature.before?.(routed(tampered));

    // Assess
    await expect(refused).rejects.toMatchObject({ status: 401, code: "signature.invalid" });
  });
});
