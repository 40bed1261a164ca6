/**
 * Cold-start floor of the publish function: a bundle that only creates the AWS SDK clients the
 * publish function creates (as functions/publish/handler.ts does). Its handler answers at once, or,
 * with `BENCH_FLOOR_CALL=true`, first puts one event (the SDK's first-call cost).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";

const eventBridge = new EventBridgeClient({});
// Created as the function creates them (the parking queue, the publication marks); not called here.
export const idleClients = [
  new SQSClient({}),
  new DynamoDBClient({
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
  }),
];
const call = process.env.BENCH_FLOOR_CALL === "true";

export interface PublishFloorEvent {
  readonly entry: PutEventsRequestEntry;
}

export async function handler(event: PublishFloorEvent): Promise<{ batchItemFailures: [] }> {
  if (call) {
    const answer = await eventBridge.send(new PutEventsCommand({ Entries: [event.entry] }));
    if ((answer.FailedEntryCount ?? 0) > 0) throw new Error("the bus refused the floor's event");
  }
  return { batchItemFailures: [] };
}
