import { describe, expect, it } from "vitest";
import type {
  NotificationStore,
  StoreOutcome,
} from "../../../shared/adapters/dynamodb/notification-store.ts";
import { StoreUnavailableError } from "../../../shared/domain/errors.ts";
import type { CanonicalNotification } from "../../../shared/domain/notification.ts";
import { STORE_RETRY_AFTER_SECONDS } from "../../../shared/http/error-responses.ts";
import { STORE_CONCURRENCY } from "../../../shared/use-cases/store-notifications.ts";
import { errorBodyOf, ingestHandler, signedFeedEvent, webhookKey } from "../support/api-gateway.ts";
import { feedRequestOf } from "../support/feeds.ts";

/**
 * A store whose writes wait at a gate until the test opens it, except the write of one record, which
 * fails at once. Every step lands in one log, in the order it happened.
 */
class GatedStore implements NotificationStore {
  readonly log: string[] = [];
  private openGate: () => void = () => {};
  private readonly gate = new Promise<void>((resolve) => {
    this.openGate = resolve;
  });
  private inFlight = 0;
  maxInFlight = 0;

  constructor(
    private readonly failing: { recordId: string; error: Error } | undefined,
    private readonly gated = true,
  ) {}

  async storeOnce(notification: CanonicalNotification): Promise<StoreOutcome> {
    const id = notification.upstream.recordId;
    this.log.push(`start ${id}`);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (id === this.failing?.recordId) {
        this.log.push(`fail ${id}`);
        throw this.failing.error;
      }
      // Ungated writes still take a turn of the event loop, as real I/O does.
      await (this.gated ? this.gate : new Promise((resolve) => setImmediate(resolve)));
      this.log.push(`settle ${id}`);
      return { status: "stored", notificationId: notification.id };
    } finally {
      this.inFlight--;
    }
  }

  release(): void {
    this.openGate();
  }

  count(step: "start" | "fail" | "settle"): number {
    return this.log.filter((entry) => entry.startsWith(`${step} `)).length;
  }
}

const request = feedRequestOf("expulsion.ordered", 40);
const recordId = (index: number) => String(request.body.records[index]?.recordId);
const key = webhookKey();

/** Sends the 40-record request; resolves once the failure is logged, with the response still pending. */
async function sendUntilFailure(store: GatedStore) {
  const handler = ingestHandler(store, { [request.source]: [key] });
  const response = handler(signedFeedEvent(request.source, JSON.stringify(request.body), key)).then(
    (result) => {
      store.log.push("answer");
      return result;
    },
  );
  await expect.poll(() => store.count("fail"), { timeout: 2_000 }).toBe(1);
  return { response };
}

describe("ingest: a record fails to store", () => {
  it("starts no write after the failure and answers 503 only after every write in flight settled", async () => {
    // Prepare
    const store = new GatedStore({
      recordId: recordId(3),
      error: new StoreUnavailableError({ cause: "down" }),
    });

    // Act
    const { response } = await sendUntilFailure(store);
    const startedAtFailure = store.count("start");
    await new Promise((resolve) => setImmediate(resolve));
    const answeredBeforeRelease = store.log.includes("answer");
    store.release();
    const result = await response;

    // Assess
    expect(startedAtFailure).toBe(STORE_CONCURRENCY);
    expect(store.count("start")).toBe(startedAtFailure);
    expect(answeredBeforeRelease).toBe(false);
    expect(store.log.at(-1)).toBe("answer");
    expect(store.count("settle")).toBe(STORE_CONCURRENCY - 1);
    expect(result.statusCode).toBe(503);
    expect(result.headers?.["retry-after"]).toBe(String(STORE_RETRY_AFTER_SECONDS));
    const error = errorBodyOf(result);
    expect(error.code).toBe("store.unavailable");
    expect(error.message).toContain(`${STORE_CONCURRENCY - 1} of its 40 records are stored`);
    expect(error.message).toContain("Nothing was acknowledged");
  });

  it("answers 503 without a count when the only write fails", async () => {
    // Prepare
    const single = feedRequestOf("expulsion.ordered", 1);
    const store = new GatedStore(
      {
        recordId: String(single.body.records[0]?.recordId),
        error: new StoreUnavailableError({ cause: "down" }),
      },
      false,
    );
    const handler = ingestHandler(store, { [single.source]: [key] });

    // Act
    const result = await handler(signedFeedEvent(single.source, JSON.stringify(single.body), key));

    // Assess
    expect(result.statusCode).toBe(503);
    expect(errorBodyOf(result).message).toMatch(
      /^The notification store is unavailable\. Nothing was acknowledged\. Retry/,
    );
  });

  it("answers 500 for a fault, after the writes in flight settled, without claiming nothing was stored", async () => {
    // Prepare
    const store = new GatedStore({ recordId: recordId(0), error: new TypeError("a bug") });

    // Act
    const { response } = await sendUntilFailure(store);
    store.release();
    const result = await response;

    // Assess
    expect(store.count("start")).toBe(STORE_CONCURRENCY);
    expect(store.log.at(-1)).toBe("answer");
    expect(result.statusCode).toBe(500);
    const error = errorBodyOf(result);
    expect(error.code).toBe("internal");
    expect(error.message).toContain("may have been stored");
    expect(error.message).toContain("retrying the same request is safe");
    expect(error.message.toLowerCase()).not.toContain("nothing was stored");
  });

  it("stores every record, never more than the concurrency limit at once, and answers in request order", async () => {
    // Prepare
    const store = new GatedStore(undefined, false);
    const handler = ingestHandler(store, { [request.source]: [key] });

    // Act
    const result = await handler(signedFeedEvent(request.source, JSON.stringify(request.body), key));

    // Assess
    expect(result.statusCode).toBe(202);
    expect(store.maxInFlight).toBe(STORE_CONCURRENCY);
    const body = JSON.parse(result.body) as { results: { recordId: string; status: string }[] };
    expect(body.results.map((r) => r.recordId)).toEqual(request.body.records.map((r) => r.recordId));
  });
});
