import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import type { UnitId } from "../../domain/catalogue/index.ts";
import { StoreUnavailableError } from "../../domain/errors.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { isTransientAwsError } from "../transient-errors.ts";

const WINDOW_MS = 60_000;
/** A counter outlives its minute by an hour, then TTL removes it. */
const COUNTER_LIFETIME_SECONDS = 60 * 60;

/** Taken: the reports are within the unit's quota. Refused: retry in that many seconds. */
export type QuotaDecision =
  | { readonly taken: true }
  | { readonly taken: false; readonly retryAfterSeconds: number };

/**
 * How many reports a unit may file per minute: `take` counts a request's reports against the unit's
 * quota of the current minute, atomically, or refuses them all. Throws `StoreUnavailableError` when
 * the counter cannot be reached for now.
 */
export interface ReportQuota {
  readonly reportsPerMinute: number;
  take(unit: UnitId, reports: number, now: Date): Promise<QuotaDecision>;
}

/** The counter's partition: the unit and the minute, `QUOTA#imc#2025-06-02T09:00`. */
export function quotaPartitionKey(unit: UnitId, windowStart: Date): string {
  return `${notificationTable.quotaPartitionPrefix}${unit}#${windowStart.toISOString().slice(0, 16)}`;
}

/**
 * One counter item per unit and minute in the notification table, raised by a conditional
 * `UpdateItem`: concurrent requests of one unit cannot together pass the quota. A fixed window: a unit
 * may file up to twice its quota across a minute's boundary, which is enough to stop a runaway system.
 */
export class DynamoReportQuota implements ReportQuota {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    readonly reportsPerMinute: number,
  ) {}

  async take(unit: UnitId, reports: number, now: Date): Promise<QuotaDecision> {
    const windowStart = new Date(now.getTime() - (now.getTime() % WINDOW_MS));
    const windowEnd = windowStart.getTime() + WINDOW_MS;
    const refused = {
      taken: false,
      retryAfterSeconds: Math.ceil((windowEnd - now.getTime()) / 1000),
    } as const;
    if (reports > this.reportsPerMinute) return refused;
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: {
            [notificationTable.partitionKey]: { S: quotaPartitionKey(unit, windowStart) },
            [notificationTable.sortKey]: { S: notificationTable.quotaSortKey },
          },
          UpdateExpression: "ADD #reports :reports SET #expiresAt = if_not_exists(#expiresAt, :expiresAt)",
          ConditionExpression: "attribute_not_exists(#reports) OR #reports <= :room",
          ExpressionAttributeNames: {
            "#reports": "reports",
            "#expiresAt": notificationTable.timeToLiveAttribute,
          },
          ExpressionAttributeValues: {
            ":reports": { N: String(reports) },
            ":room": { N: String(this.reportsPerMinute - reports) },
            ":expiresAt": { N: String(Math.floor(windowEnd / 1000) + COUNTER_LIFETIME_SECONDS) },
          },
        }),
      );
      return { taken: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return refused;
      if (isTransientAwsError(error)) throw new StoreUnavailableError({ cause: error });
      throw error;
    }
  }
}
