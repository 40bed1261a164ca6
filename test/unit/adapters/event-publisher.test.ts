import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  chunkEntries,
  ENTRY_TOO_LARGE,
  EventBridgePublisher,
  entrySize,
  type FailedEntries,
  MAX_ENTRIES_PER_REQUEST,
  MAX_REQUEST_BYTES,
} from "../../../shared/adapters/event-publisher.ts";

const entry = (detailBytes: number, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  Source: "kz.gov.kqp",
  DetailType: "expulsion.ordered",
  Detail: "x".repeat(detailBytes),
  ...extra,
});

describe("entrySize", () => {
  it("counts UTF-8 bytes of source, detail-type, detail and resources, and 14 for a time", () => {
    // Prepare
    const withEverything = entry(0, { Detail: "ЖЖ", Time: new Date(), Resources: ["arn:a", "arn:bb"] });

    // Act
    const size = entrySize(withEverything);

    // Assess
    expect(size).toBe("kz.gov.kqp".length + "expulsion.ordered".length + 4 + 14 + 5 + 6);
  });

  it("counts nothing for absent fields", () => {
    // Act and Assess
    expect(entrySize({})).toBe(0);
  });
});

describe("chunkEntries", () => {
  it("puts at most 10 entries in a request, keeping their order", () => {
    // Prepare
    const entries = Array.from({ length: 23 }, () => entry(10));

    // Act
    const chunks = chunkEntries(entries);

    // Assess
    expect(chunks.map((chunk) => chunk.length)).toEqual([
      MAX_ENTRIES_PER_REQUEST,
      MAX_ENTRIES_PER_REQUEST,
      3,
    ]);
    expect(chunks.flat()).toEqual(entries.map((_, index) => index));
  });

  it("starts a new request before one would exceed 256 KiB", () => {
    // Prepare: three entries of a hundred KiB each
    const entries = Array.from({ length: 3 }, () => entry(100 * 1024));

    // Act
    const chunks = chunkEntries(entries);

    // Assess
    expect(chunks).toEqual([[0, 1], [2]]);
    for (const chunk of chunks) {
      const bytes = chunk.reduce((sum, index) => sum + entrySize(entries[index] ?? {}), 0);
      expect(bytes).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    }
  });

  it("puts an entry larger than a request in a request of its own", () => {
    // Act
    const chunks = chunkEntries([entry(10), entry(MAX_REQUEST_BYTES), entry(10)]);

    // Assess
    expect(chunks).toEqual([[0], [1], [2]]);
  });

  it("makes no request for no entries", () => {
    // Act and Assess
    expect(chunkEntries([])).toEqual([]);
  });
});

describe("EventBridgePublisher", () => {
  const eventBridge = mockClient(EventBridgeClient);
  afterEach(() => eventBridge.reset());
  const client = () => new EventBridgeClient({ region: "eu-central-1" });

  /** A bus that answers each entry by its detail: `fails:<code>` fails with that code, anything else is taken. */
  function busAnsweringByDetail() {
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      const results = input.Entries.map((sent) =>
        sent.Detail?.startsWith("fails:") === true
          ? { ErrorCode: sent.Detail.slice("fails:".length), ErrorMessage: "no" }
          : { EventId: "id" },
      );
      return { FailedEntryCount: results.filter((r) => "ErrorCode" in r).length, Entries: results };
    });
  }
  const sentPerCall = () =>
    eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries?.length);

  it("resends only the entries that failed for now, backing off between attempts, and reports the rest", async () => {
    // Prepare: the second entry fails on every attempt, the first is accepted at once
    busAnsweringByDetail();
    const backoff = vi.fn(async (_retry: number) => {});
    const publisher = new EventBridgePublisher(client(), { attempts: 3, backoff });

    // Act
    const outcomes = await publisher.publish([entry(1), entry(0, { Detail: "fails:InternalFailure" })]);

    // Assess
    expect(outcomes).toEqual([
      { published: true },
      { published: false, errorCode: "InternalFailure", permanent: false },
    ]);
    expect(backoff.mock.calls.map(([retry]) => retry)).toEqual([1, 2]);
    expect(sentPerCall()).toEqual([2, 1, 1]);
  });

  it.each([
    ["ThrottlingException", false],
    ["AccessDeniedException", false],
    ["NotAuthorizedForSourceException", false],
    ["MalformedDetail", true],
    ["InvalidArgument", true],
  ])("takes %s as permanent: %s (a permanent refusal is not resent)", async (errorCode, permanent) => {
    // Prepare
    busAnsweringByDetail();
    const publisher = new EventBridgePublisher(client(), { attempts: 3, backoff: async () => {} });

    // Act
    const [outcome] = await publisher.publish([entry(0, { Detail: `fails:${errorCode}` })]);

    // Assess
    expect(outcome).toEqual({ published: false, errorCode, permanent });
    expect(sentPerCall()).toEqual(permanent ? [1] : [1, 1, 1]);
  });

  it("refuses an entry larger than EventBridge takes without sending it, and sends the others", async () => {
    // Prepare
    busAnsweringByDetail();
    const publisher = new EventBridgePublisher(client(), { attempts: 3, backoff: async () => {} });

    // Act
    const outcomes = await publisher.publish([entry(MAX_REQUEST_BYTES), entry(10)]);

    // Assess
    expect(outcomes).toEqual([
      { published: false, errorCode: ENTRY_TOO_LARGE, permanent: true },
      { published: true },
    ]);
    expect(sentPerCall()).toEqual([1]);
  });

  it("resends a whole request that was throttled", async () => {
    // Prepare
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }))
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "a" }, { EventId: "b" }] });
    const publisher = new EventBridgePublisher(client(), { attempts: 2, backoff: async () => {} });

    // Act
    const outcomes = await publisher.publish([entry(1), entry(2)]);

    // Assess
    expect(outcomes).toEqual([{ published: true }, { published: true }]);
  });

  it("sends the entries of a request refused as invalid alone, and finds the one EventBridge will never take", async () => {
    // Prepare: any request holding the bad entry is refused as a whole
    eventBridge.on(PutEventsCommand).callsFake((input: { Entries: PutEventsRequestEntry[] }) => {
      if (input.Entries.some((sent) => sent.Detail === "bad"))
        throw Object.assign(new Error("invalid"), { name: "ValidationException", $fault: "client" });
      return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: "id" })) };
    });
    const publisher = new EventBridgePublisher(client(), { attempts: 3, backoff: async () => {} });

    // Act
    const outcomes = await publisher.publish([entry(1), entry(0, { Detail: "bad" }), entry(2)]);

    // Assess
    expect(outcomes).toEqual([
      { published: true },
      { published: false, errorCode: "ValidationException", permanent: true },
      { published: true },
    ]);
    expect(sentPerCall()).toEqual([3, 1, 1, 1]);
  });

  it("reports every attempt's failed entries by error code and count, never their content", async () => {
    // Prepare
    busAnsweringByDetail();
    const reports: FailedEntries[] = [];
    const publisher = new EventBridgePublisher(client(), { attempts: 2, backoff: async () => {} }, (failed) =>
      reports.push(failed),
    );

    // Act
    await publisher.publish([
      entry(0, { Detail: "fails:ThrottlingException" }),
      entry(0, { Detail: "fails:ThrottlingException" }),
      entry(0, { Detail: "fails:MalformedDetail" }),
      entry(1),
    ]);

    // Assess
    expect(reports).toEqual([
      { attempt: 1, errorCodes: { ThrottlingException: 2, MalformedDetail: 1 }, resending: 2 },
      { attempt: 2, errorCodes: { ThrottlingException: 2 }, resending: 0 },
    ]);
  });
});
