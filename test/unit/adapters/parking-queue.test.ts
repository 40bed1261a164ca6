import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { type ParkedRecord, SqsParkingQueue } from "../../../shared/adapters/parking-queue.ts";

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

const QUEUE_URL = "http://127.0.0.1:4001/000000000000/stream-failures";
const record = (n: number): ParkedRecord => ({
  reason: "refused-by-bus",
  errorCode: "MalformedDetail",
  notificationId: `01KB00000000000000000000${String(n).padStart(2, "0")}`,
  kind: "stay.overstay",
  receivedAt: "2026-11-29T10:00:00.000Z",
  tableKey: `REC#kqp#KQP-${n}`,
  sequenceNumber: String(100 + n),
});
const parking = () =>
  new SqsParkingQueue(
    new SQSClient({ region: "eu-central-1" }),
    QUEUE_URL,
    () => new Date("2026-11-29T10:01:00Z"),
  );

describe("SqsParkingQueue", () => {
  it("sends each record as a message, ten to a batch, marked as parked by the publish function", async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const records = Array.from({ length: 12 }, (_, n) => record(n));

    // Act
    const parked = await parking().park(records);

    // Assess
    expect(parked).toEqual(records.map(() => true));
    const batches = sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input);
    expect(batches.map((batch) => batch.Entries?.length)).toEqual([10, 2]);
    expect(batches[0]?.QueueUrl).toBe(QUEUE_URL);
    expect(JSON.parse(batches[1]?.Entries?.[1]?.MessageBody ?? "")).toEqual({
      parkedBy: "publish",
      parkedAt: "2026-11-29T10:01:00.000Z",
      ...record(11),
    });
  });

  it("says which records it could not park: the entries SQS failed, or all of a batch it could not send", async () => {
    // Prepare
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: "1", Code: "InternalError", SenderFault: false }] })
      .rejectsOnce(new Error("connect ECONNREFUSED"));

    // Act
    const parked = await parking().park(Array.from({ length: 12 }, (_, n) => record(n)));

    // Assess
    expect(parked).toEqual([true, false, true, true, true, true, true, true, true, true, false, false]);
  });
});
