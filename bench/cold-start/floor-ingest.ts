/**
 * Cold-start floor of the ingest function: a bundle that only creates the AWS SDK client the ingest
 * function creates (same options as functions/ingest/handler.ts). Its handler answers at once, or,
 * with `BENCH_FLOOR_CALL=true`, first makes one conditional PutItem (the SDK's first-call cost).
 */
import { type AttributeValue, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";

const dynamodb = new DynamoDBClient({
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
});
const call = process.env.BENCH_FLOOR_CALL === "true";

export interface IngestFloorEvent {
  readonly table: string;
  readonly item: Record<string, AttributeValue>;
}

export async function handler(event: IngestFloorEvent): Promise<{ statusCode: number; body: string }> {
  if (call) {
    await dynamodb.send(
      new PutItemCommand({
        TableName: event.table,
        Item: event.item,
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }
  return { statusCode: 202, body: "{}" };
}
