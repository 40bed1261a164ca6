import { describe, expect, it, vi } from "vitest";
import { feedRequestEvent } from "../../../local/api-gateway-event.ts";
import type { NotificationStore } from "../../../shared/adapters/dynamodb/notification-store.ts";
import { MAX_BODY_BYTES } from "../../../shared/wiring/limits.ts";
import { errorBodyOf, ingestHandler, signedFeedEvent, webhookKey } from "../support/api-gateway.ts";
import { feedRequestOf } from "../support/feeds.ts";

const key = webhookKey();
const request = feedRequestOf("expulsion.ordered", 2);

function handlerWithStore() {
  const storeOnce = vi.fn<NotificationStore["storeOnce"]>();
  return { storeOnce, handle: ingestHandler({ storeOnce }, { kqp: [key] }) };
}

describe("ingest: refusals of the whole request, storing nothing", () => {
  it("422 contract.invalid with a pointer to every bad field", async () => {
    // Prepare
    const { storeOnce, handle } = handlerWithStore();
    const [first, second] = request.body.records;
    const body = JSON.stringify({ ...request.body, records: [first, { ...second, recordId: 7 }] });

    // Act
    const response = await handle(signedFeedEvent("kqp", body, key));

    // Assess
    expect(response.statusCode).toBe(422);
    const error = errorBodyOf(response);
    expect(error.code).toBe("contract.invalid");
    expect(error.details.map((d) => d.path)).toContain("/records/1/recordId");
    expect(storeOnce).not.toHaveBeenCalled();
  });

  it("422 region.mismatch for a record of another deployment", async () => {
    // Prepare
    const { storeOnce, handle } = handlerWithStore();
    const records = request.body.records.map((record) => ({ ...record, region: "KZ-71" }));

    // Act
    const response = await handle(signedFeedEvent("kqp", JSON.stringify({ ...request.body, records }), key));

    // Assess
    expect(response.statusCode).toBe(422);
    expect(errorBodyOf(response)).toMatchObject({
      code: "region.mismatch",
      details: [{ path: "/records/0/region", code: "region.mismatch" }, expect.anything()],
    });
    expect(storeOnce).not.toHaveBeenCalled();
  });

  it("checks size before the signature, and the signature before the content type", async () => {
    // Prepare
    const { handle } = handlerWithStore();
    const oversize = "x".repeat(MAX_BODY_BYTES + 1);

    // Act
    const tooLarge = await handle(feedRequestEvent("kqp", oversize, { "Content-Type": "text/plain" }));
    const unsigned = await handle(feedRequestEvent("kqp", "{}", { "Content-Type": "text/plain" }));
    const notJson = await handle(signedFeedEvent("kqp", "{}", key, { "Content-Type": "text/plain" }));

    // Assess
    expect([tooLarge, unsigned, notJson].map((r) => errorBodyOf(r).code)).toEqual([
      "body.too-large",
      "signature.missing",
      "body.media-type",
    ]);
  });
});
