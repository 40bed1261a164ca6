import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import {
  entryOfStoredNotification,
  PoisonRecordError,
  type PublishableNotification,
} from "../../functions/publish/event-entries.ts";
import { localCredentials } from "../../local/local-aws.ts";
import {
  type ReceiptPeriod,
  ReceivedNotificationReader,
} from "../../shared/adapters/dynamodb/received-notifications.ts";
import { EventBridgePublisher, type EventPublisher } from "../../shared/adapters/event-publisher.ts";
import {
  type DeploymentId,
  isDeploymentId,
  isKindId,
  type KindId,
} from "../../shared/domain/catalogue/index.ts";
import { envNames } from "../../shared/wiring/env.ts";
import { defineCommand, UsageError } from "../command.ts";
import { requireLocalHub } from "../hub-config.ts";
import { requirePeriod } from "../period.ts";

/** What a republish did, counted. */
export interface RepublishTally {
  /** Notifications EventBridge accepted again. */
  put: number;
  /** Not accepted, by EventBridge's error code. */
  failed: Record<string, number>;
  /** Stored notifications that can never be an event (the publish function parked them too). */
  unreadable: number;
  /** Notifications of another deployment than the one asked for: not put on this bus. */
  otherDeployment: number;
}

export interface RepublishOptions {
  readonly reader: Pick<ReceivedNotificationReader, "read">;
  readonly publisher: EventPublisher;
  readonly eventBusName: string;
  readonly period: ReceiptPeriod;
  readonly kind?: KindId;
  /** Put only notifications of this deployment (a guard against pointing at the wrong table). */
  readonly deployment?: DeploymentId;
  readonly onProgress?: (tally: Readonly<RepublishTally>) => void;
}

/**
 * Puts the stored notifications of a period (and kind) on the bus again, page by page, as the publish
 * function built them: same ids, so consumers drop the ones they already have.
 */
export async function republish(options: RepublishOptions): Promise<RepublishTally> {
  const tally: RepublishTally = { put: 0, failed: {}, unreadable: 0, otherDeployment: 0 };
  for await (const page of options.reader.read(options.period, options.kind)) {
    const publishable: PublishableNotification[] = [];
    for (const stored of page) {
      try {
        const notification = entryOfStoredNotification(stored, options.eventBusName);
        if (options.deployment !== undefined && notification.head.deployment !== options.deployment)
          tally.otherDeployment += 1;
        else publishable.push(notification);
      } catch (error) {
        if (!(error instanceof PoisonRecordError)) throw error;
        tally.unreadable += 1;
      }
    }
    const outcomes = await options.publisher.publish(publishable.map((notification) => notification.entry));
    for (const outcome of outcomes) {
      if (outcome.published) tally.put += 1;
      else tally.failed[outcome.errorCode] = (tally.failed[outcome.errorCode] ?? 0) + 1;
    }
    options.onProgress?.(tally);
  }
  return tally;
}

interface RepublishTarget {
  readonly dynamodb: DynamoDBClient;
  readonly eventBridge: EventBridgeClient;
  readonly tableName: string;
  readonly eventBusName: string;
  readonly deployment?: DeploymentId;
  readonly where: string;
}

/** Against AWS: flags or environment, the caller's credentials. Else the local hub's DynamoDB Local and bus. */
function republishTarget(flags: { table?: string; bus?: string; deployment?: string }): RepublishTarget {
  if (flags.deployment !== undefined && !isDeploymentId(flags.deployment))
    throw new UsageError(`unknown deployment '${flags.deployment}' (see \`hub catalogue\`)`);
  const deployment = flags.deployment;
  const tableName = flags.table ?? process.env[envNames.tableName];
  const eventBusName = flags.bus ?? process.env[envNames.eventBusName];
  if (tableName !== undefined || eventBusName !== undefined) {
    if (tableName === undefined || eventBusName === undefined)
      throw new UsageError(
        `against AWS, name both the table (--table or ${envNames.tableName}) and the bus (--bus or ${envNames.eventBusName})`,
      );
    return {
      dynamodb: new DynamoDBClient({}),
      eventBridge: new EventBridgeClient({}),
      tableName,
      eventBusName,
      deployment,
      where: `${eventBusName} (AWS)`,
    };
  }
  const local = requireLocalHub();
  if (deployment !== undefined && deployment !== local.deployment)
    throw new UsageError(`the local hub runs ${local.deployment}, not ${deployment}`);
  const aws = { region: local.region, credentials: localCredentials };
  return {
    dynamodb: new DynamoDBClient({ ...aws, endpoint: local.dynamodbEndpoint }),
    eventBridge: new EventBridgeClient({ ...aws, endpoint: local.busEndpoint }),
    tableName: local.tableName,
    eventBusName: local.busName,
    deployment: local.deployment,
    where: `${local.busName} (local)`,
  };
}

function describeTally(tally: Readonly<RepublishTally>): string {
  const failed = Object.entries(tally.failed).map(([code, count]) => `${count} ${code}`);
  return [
    `${tally.put} put`,
    ...(failed.length > 0 ? [`not accepted: ${failed.join(", ")}`] : []),
    ...(tally.unreadable > 0 ? [`${tally.unreadable} unreadable (parked)`] : []),
    ...(tally.otherDeployment > 0 ? [`${tally.otherDeployment} of another deployment, skipped`] : []),
  ].join("; ");
}

export const republishCommand = defineCommand({
  name: "republish",
  options: {
    from: { type: "string", description: "received from this time (included): ISO date or date-time" },
    to: { type: "string", description: "received before this time (excluded): ISO date or date-time" },
    kind: { type: "string", description: "only notifications of this kind" },
    deployment: { type: "string", description: "the deployment the notifications must belong to" },
    table: { type: "string", description: `the notification table on AWS (or ${envNames.tableName})` },
    bus: { type: "string", description: `the event bus on AWS (or ${envNames.eventBusName})` },
  },
  summary: "Put stored notifications of a period on the bus again (same ids: consumers drop repeats)",
  usage: "hub republish --from <time> --to <time> [--kind <kind>] [--deployment <id>] [--table T --bus B]",
  async run({ values, out }) {
    const period = requirePeriod(values);
    if (values.kind !== undefined && !isKindId(values.kind))
      throw new UsageError(`unknown kind '${values.kind}' (see \`hub catalogue\`)`);
    const kind = values.kind;
    const target = republishTarget(values);
    const tty = process.stdout.isTTY === true;
    try {
      out.write(
        `republishing notifications received ${period.from.toISOString()} to ${period.to.toISOString()}${kind === undefined ? "" : ` of kind ${kind}`} on ${target.where}\n`,
      );
      const tally = await republish({
        reader: new ReceivedNotificationReader(target.dynamodb, target.tableName),
        publisher: new EventBridgePublisher(target.eventBridge),
        eventBusName: target.eventBusName,
        period,
        kind,
        deployment: target.deployment,
        onProgress: (soFar) => {
          if (tty) out.write(`\r${describeTally(soFar)}…`);
        },
      });
      out.write(`${tty ? "\r" : ""}${describeTally(tally)}\n`);
      const complete =
        Object.keys(tally.failed).length === 0 && tally.unreadable === 0 && tally.otherDeployment === 0;
      return complete ? 0 : 1;
    } finally {
      target.dynamodb.destroy();
      target.eventBridge.destroy();
    }
  },
});
