import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { DynamoReportQuota, quotaPartitionKey } from "../../../shared/adapters/dynamodb/report-quota.ts";
import { StoreUnavailableError } from "../../../shared/domain/errors.ts";

const dynamodb = mockClient(DynamoDBClient);
afterEach(() => dynamodb.reset());

const metadata = { $metadata: { httpStatusCode: 400, attempts: 1 } };
const quota = () =>
  new DynamoReportQuota(new DynamoDBClient({ region: "eu-central-1" }), "notifications", 100);
const at = new Date("2030-01-01T08:00:42.500Z");

describe("DynamoReportQuota", () => {
  it("counts the reports on the unit's counter of the minute, only while they fit", async () => {
    // Prepare
    dynamodb.on(UpdateItemCommand).resolves({});

    // Act
    const decision = await quota().take("duty", 30, at);

    // Assess
    expect(decision).toEqual({ taken: true });
    const [call] = dynamodb.commandCalls(UpdateItemCommand);
    expect(call?.args[0].input).toMatchObject({
      TableName: "notifications",
      Key: { pk: { S: quotaPartitionKey("duty", new Date("2030-01-01T08:00:00Z")) }, sk: { S: "QUOTA" } },
      ExpressionAttributeValues: {
        ":reports": { N: "30" },
        ":room": { N: "70" },
        ":expiresAt": { N: String(Date.parse("2030-01-01T09:01:00Z") / 1000) },
      },
    });
    expect(quotaPartitionKey("duty", at)).toBe("QUOTA#duty#2030-01-01T08:00");
  });

  it("refuses with the seconds left in the minute when the counter has no room, or the request alone is too big", async () => {
    // Prepare
    dynamodb
      .on(UpdateItemCommand)
      .rejects(new ConditionalCheckFailedException({ message: "full", ...metadata }));

    // Act
    const full = await quota().take("duty", 30, at);
    const tooBig = await quota().take("duty", 101, at);

    // Assess
    expect(full).toEqual({ taken: false, retryAfterSeconds: 18 });
    expect(tooBig).toEqual({ taken: false, retryAfterSeconds: 18 });
    expect(dynamodb.commandCalls(UpdateItemCommand)).toHaveLength(1);
  });

  it("is unavailable when DynamoDB throttles, and lets a fault through", async () => {
    // Prepare
    const throttled = new ProvisionedThroughputExceededException({ message: "slow down", ...metadata });
    const missing = new ResourceNotFoundException({ message: "no table", ...metadata });
    dynamodb.on(UpdateItemCommand).rejectsOnce(throttled).rejectsOnce(missing);

    // Act
    const first = await quota()
      .take("duty", 1, at)
      .catch((error: unknown) => error);
    const second = await quota()
      .take("duty", 1, at)
      .catch((error: unknown) => error);

    // Assess
    expect(first).toBeInstanceOf(StoreUnavailableError);
    expect(second).toBe(missing);
  });
});
