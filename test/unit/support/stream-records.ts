/** DynamoDB stream records as the publish function receives them. */
import type { DynamoDBRecord } from "aws-lambda";

/** An INSERT of a notification item whose `notification` attribute holds `stored` (JSON text). */
export function insertedNotificationRecord(
  stored: string | undefined,
  { sequenceNumber = "100", partitionKey = "REC#kqp#KQP-1" } = {},
): DynamoDBRecord {
  return {
    eventID: sequenceNumber,
    eventName: "INSERT",
    eventSource: "aws:dynamodb",
    awsRegion: "eu-central-1",
    dynamodb: {
      Keys: { pk: { S: partitionKey }, sk: { S: "NOTIFICATION" } },
      NewImage: {
        pk: { S: partitionKey },
        sk: { S: "NOTIFICATION" },
        ...(stored === undefined ? {} : { notification: { S: stored } }),
      },
      SequenceNumber: sequenceNumber,
      StreamViewType: "NEW_IMAGE",
    },
  };
}
