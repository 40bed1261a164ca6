/**
 * `hub replay --unit <unit> --from <time> --to <time>`: a unit's notifications of a period delivered
 * again to that unit's queue only, with the same notification ids (the unit drops the ones it has).
 * On AWS: the bus archive's replay (StartReplay) limited to the unit's rule (`Destination.FilterArns`),
 * followed with DescribeReplay. Locally: the stored notifications of the period, read by receipt day,
 * handed to the local bus, which delivers through the unit's rule alone those its pattern matches.
 */
import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  type PutEventsRequestEntry,
  type ReplayState,
  StartReplayCommand,
} from "@aws-sdk/client-eventbridge";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { entryOfStoredNotification, PoisonRecordError } from "../../functions/publish/event-entries.ts";
import type { LocalHubConnection } from "../../local/connection-file.ts";
import {
  MAX_REPLAY_ENTRIES,
  type PutEventsEntry,
  REPLAY_EVENTS_TARGET,
  type ReplayEventsResponse,
  type ReplayEventsResultEntry,
} from "../../local/event-bus.ts";
import { localCredentials } from "../../local/local-aws.ts";
import {
  type ReceiptPeriod,
  ReceivedNotificationReader,
} from "../../shared/adapters/dynamodb/received-notifications.ts";
import type { DeploymentId, UnitId } from "../../shared/domain/catalogue/index.ts";
import { unitRoleName } from "../../shared/wiring/unit-roles.ts";
import { defineCommand, UsageError } from "../command.ts";
import { localSqsClient, requireLocalHub, requireUnit } from "../hub-config.ts";
import { requirePeriod } from "../period.ts";
import { progressBar } from "../progress-bar.ts";

/** The archive's ARN on AWS (the stack output `EventArchiveArn`), when `--archive` is not given. */
export const ARCHIVE_ARN_ENV = "HUB_EVENT_ARCHIVE_ARN";
const ARCHIVE_ARN = /^arn:aws[a-z-]*:events:([a-z0-9-]+):\d{12}:archive\/([.\-_A-Za-z0-9]{1,48})$/;
/** How often DescribeReplay is asked: EventBridge replays in one-minute slices of event time. */
const AWS_POLL_MS = 5_000;
const FINISHED_STATES: readonly ReplayState[] = ["COMPLETED", "FAILED", "CANCELLED"];

/** The region and name of an archive, from its ARN; a usage error for anything else. */
function archiveOf(arn: string): { readonly region: string; readonly name: string } {
  const [, region, name] = ARCHIVE_ARN.exec(arn) ?? [];
  if (region === undefined || name === undefined)
    throw new UsageError(`not an EventBridge archive ARN: ${arn}`);
  return { region, name };
}

/** A replay name EventBridge accepts (≤ 64 of `.-_A-Za-z0-9`), unique enough: unit, UTC second, random. */
export function replayNameOf(unit: UnitId, now: Date, suffix = randomBytes(2).toString("hex")): string {
  const second = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  return `replay-${unit}-${second}-${suffix}`;
}

/** How far through the period a replay is, from the time of the last event it replayed (0 to 1). */
export function progressThrough(period: ReceiptPeriod, lastEventTime: Date | undefined): number {
  if (lastEventTime === undefined) return 0;
  const span = period.to.getTime() - period.from.getTime();
  return Math.min(1, Math.max(0, (lastEventTime.getTime() - period.from.getTime()) / span));
}

// ---------------------------------------------------------------------------------------------
// Locally: from the store, through the unit's rule of the local bus

/** Delivers entries through the one rule of a replay; per entry, what the bus did. */
export interface RuleReplayer {
  replay(entries: readonly PutEventsRequestEntry[]): Promise<readonly ReplayEventsResultEntry[]>;
}

/** What a replay from the store did, counted. */
export interface StoreReplayTally {
  /** Matched by the unit's rule: on their way to its queue again. */
  replayed: number;
  /** Notifications of the period the unit does not receive: its rule did not match them. */
  notForUnit: number;
  /** Refused by the bus, by error code. */
  refused: Record<string, number>;
  /** Stored notifications that can never be an event (the publish function parked them too). */
  unreadable: number;
  /** Notifications of another deployment than the hub's (a guard against the wrong table). */
  otherDeployment: number;
}

export interface StoreReplayOptions {
  readonly reader: Pick<ReceivedNotificationReader, "read">;
  readonly replayer: RuleReplayer;
  readonly eventBusName: string;
  readonly period: ReceiptPeriod;
  readonly deployment: DeploymentId;
  /** After each page: the tally so far and how far through the period the replay is. */
  readonly onProgress?: (tally: Readonly<StoreReplayTally>, fraction: number) => void;
}

/** Reads the period's stored notifications page by page and hands them, as events, to the rule's replayer. */
export async function replayFromStore(options: StoreReplayOptions): Promise<StoreReplayTally> {
  const tally: StoreReplayTally = {
    replayed: 0,
    notForUnit: 0,
    refused: {},
    unreadable: 0,
    otherDeployment: 0,
  };
  let lastReceived: Date | undefined;
  for await (const page of options.reader.read(options.period)) {
    const entries: PutEventsRequestEntry[] = [];
    for (const stored of page) {
      try {
        const { head, entry } = entryOfStoredNotification(stored, options.eventBusName);
        lastReceived = new Date(head.receivedAt);
        if (head.deployment === options.deployment) entries.push(entry);
        else tally.otherDeployment += 1;
      } catch (error) {
        if (!(error instanceof PoisonRecordError)) throw error;
        tally.unreadable += 1;
      }
    }
    for (let start = 0; start < entries.length; start += MAX_REPLAY_ENTRIES) {
      for (const result of await options.replayer.replay(entries.slice(start, start + MAX_REPLAY_ENTRIES))) {
        if ("ErrorCode" in result)
          tally.refused[result.ErrorCode] = (tally.refused[result.ErrorCode] ?? 0) + 1;
        else if (result.MatchedRules > 0) tally.replayed += 1;
        else tally.notForUnit += 1;
      }
    }
    options.onProgress?.(tally, progressThrough(options.period, lastReceived));
  }
  return tally;
}

/** An entry as it travels on the wire: `Time` in epoch seconds, as the SDK sends it. */
function wireEntry(entry: PutEventsRequestEntry): PutEventsEntry {
  return {
    Source: entry.Source,
    DetailType: entry.DetailType,
    Detail: entry.Detail,
    EventBusName: entry.EventBusName,
    Time: entry.Time === undefined ? undefined : entry.Time.getTime() / 1000,
  };
}

/** The local bus's `ReplayEvents` operation, limited to the rule `ruleArn`. */
export function localRuleReplayer(
  busEndpoint: string,
  replay: { readonly replayName: string; readonly ruleArn: string },
): RuleReplayer {
  return {
    async replay(entries) {
      const response = await fetch(busEndpoint, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": REPLAY_EVENTS_TARGET },
        body: JSON.stringify({
          ReplayName: replay.replayName,
          FilterArns: [replay.ruleArn],
          Entries: entries.map(wireEntry),
        }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`the local bus refused the replay (${response.status}): ${text}`);
      // The local bus's own answer: the shape its ReplayEvents operation returns.
      return (JSON.parse(text) as ReplayEventsResponse).Entries;
    },
  };
}

/** The ARN of the rule delivering to the unit's queue on the local bus, found as on AWS: by its target. */
async function localUnitRuleArn(
  local: LocalHubConnection,
  unit: UnitId,
  eventBridge: EventBridgeClient,
): Promise<string> {
  const queueUrl = local.queues[unit]?.url;
  if (queueUrl === undefined)
    throw new UsageError(`the ${local.deployment} deployment has no queue for unit '${unit}'.`);
  const sqs = localSqsClient(local);
  try {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
    );
    const { RuleNames = [] } = await eventBridge.send(
      new ListRuleNamesByTargetCommand({ TargetArn: Attributes?.QueueArn, EventBusName: local.busName }),
    );
    const [name, ...others] = RuleNames;
    if (name === undefined || others.length > 0)
      throw new Error(`the local bus has ${RuleNames.length} rules delivering to the ${unit} queue, not 1`);
    const rule = await eventBridge.send(new DescribeRuleCommand({ Name: name, EventBusName: local.busName }));
    if (rule.Arn === undefined) throw new Error(`the local bus did not describe rule ${name}`);
    return rule.Arn;
  } finally {
    sqs.destroy();
  }
}

function describeStoreTally(unit: UnitId, tally: Readonly<StoreReplayTally>): string {
  const refused = Object.entries(tally.refused).map(([code, count]) => `${count} ${code}`);
  return [
    `${tally.replayed} replayed to ${unit}`,
    `${tally.notForUnit} not for ${unit}`,
    ...(refused.length > 0 ? [`refused: ${refused.join(", ")}`] : []),
    ...(tally.unreadable > 0 ? [`${tally.unreadable} unreadable (parked)`] : []),
    ...(tally.otherDeployment > 0 ? [`${tally.otherDeployment} of another deployment, skipped`] : []),
  ].join("; ");
}

// ---------------------------------------------------------------------------------------------
// On AWS: the archive's replay through the unit's rule

export interface ArchiveReplayOptions {
  readonly eventBridge: Pick<EventBridgeClient, "send">;
  readonly archiveArn: string;
  readonly unit: UnitId;
  readonly replayName: string;
  readonly period: ReceiptPeriod;
  readonly pollMs: number;
  /** After each DescribeReplay: its state and how far through the period it is. */
  readonly onProgress?: (state: ReplayState, fraction: number) => void;
  readonly wait?: (ms: number) => Promise<void>;
}

export interface ArchiveReplayOutcome {
  readonly ruleArn: string;
  readonly state: ReplayState;
  readonly reason?: string;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts the archive's replay to its own bus through the unit's rule only, then follows it until it
 * ends. The rule is the one the stack names `<bus name>-<unit>` (as the unit's queue and role).
 */
export async function replayArchive(options: ArchiveReplayOptions): Promise<ArchiveReplayOutcome> {
  const { eventBridge, period } = options;
  const archiveName = archiveOf(options.archiveArn).name;
  const archive = await eventBridge.send(new DescribeArchiveCommand({ ArchiveName: archiveName }));
  const busArn = archive.EventSourceArn;
  const busName = busArn?.split("/").at(-1);
  if (busArn === undefined || busName === undefined) throw new Error(`archive ${archiveName} names no bus`);
  const rule = await eventBridge.send(
    new DescribeRuleCommand({ Name: unitRoleName(busName, options.unit), EventBusName: busName }),
  );
  if (rule.Arn === undefined || rule.State !== "ENABLED")
    throw new Error(`the ${options.unit} rule of ${busName} is not enabled (${rule.State ?? "no state"})`);
  await eventBridge.send(
    new StartReplayCommand({
      ReplayName: options.replayName,
      Description: `hub replay: ${options.unit}'s notifications again, through its rule only`,
      EventSourceArn: options.archiveArn,
      EventStartTime: period.from,
      EventEndTime: period.to,
      Destination: { Arn: busArn, FilterArns: [rule.Arn] },
    }),
  );
  const wait = options.wait ?? pause;
  for (;;) {
    const replay = await eventBridge.send(new DescribeReplayCommand({ ReplayName: options.replayName }));
    const state = replay.State ?? "STARTING";
    options.onProgress?.(
      state,
      state === "COMPLETED" ? 1 : progressThrough(period, replay.EventLastReplayedTime),
    );
    if (FINISHED_STATES.includes(state)) return { ruleArn: rule.Arn, state, reason: replay.StateReason };
    await wait(options.pollMs);
  }
}

// ---------------------------------------------------------------------------------------------
// The command

const periodText = (period: ReceiptPeriod) => `${period.from.toISOString()} to ${period.to.toISOString()}`;

export const replayCommand = defineCommand({
  name: "replay",
  options: {
    unit: { type: "string", description: "the unit whose notifications to deliver again" },
    from: { type: "string", description: "received from this time (included): ISO date or date-time" },
    to: { type: "string", description: "received before this time (excluded): ISO date or date-time" },
    archive: {
      type: "string",
      description: `the bus archive's ARN on AWS, output EventArchiveArn (or ${ARCHIVE_ARN_ENV}); default: the local hub`,
    },
  },
  summary: "Deliver a unit's notifications of a period again, to that unit's queue only (same ids)",
  usage: "hub replay --unit <unit> --from <time> --to <time> [--archive <arn>]",
  async run({ values, out }) {
    const unit = requireUnit(values.unit);
    const period = requirePeriod(values);
    const replayName = replayNameOf(unit, new Date());
    const bar = progressBar(out);
    const archiveArn = values.archive ?? process.env[ARCHIVE_ARN_ENV];

    if (archiveArn !== undefined) {
      // The archive's region is the deployment's: the replay runs there, whatever the shell's region.
      const eventBridge = new EventBridgeClient({ region: archiveOf(archiveArn).region });
      try {
        out.write(
          `replay ${replayName}: ${unit}'s notifications of ${periodText(period)} from ${archiveArn}\n`,
        );
        const outcome = await replayArchive({
          eventBridge,
          archiveArn,
          unit,
          replayName,
          period,
          pollMs: AWS_POLL_MS,
          onProgress: (state, fraction) => bar.update(fraction, state.toLowerCase()),
        });
        bar.finish(
          `replay ${replayName} through ${outcome.ruleArn}: ${outcome.state.toLowerCase()}${outcome.reason === undefined ? "" : ` (${outcome.reason})`}`,
        );
        return outcome.state === "COMPLETED" ? 0 : 1;
      } finally {
        eventBridge.destroy();
      }
    }

    const local = requireLocalHub();
    const aws = { region: local.region, credentials: localCredentials };
    const eventBridge = new EventBridgeClient({ ...aws, endpoint: local.busEndpoint });
    const dynamodb = new DynamoDBClient({ ...aws, endpoint: local.dynamodbEndpoint });
    try {
      const ruleArn = await localUnitRuleArn(local, unit, eventBridge);
      out.write(
        `replay ${replayName}: ${unit}'s notifications received ${periodText(period)}, through ${ruleArn} (local)\n`,
      );
      const tally = await replayFromStore({
        reader: new ReceivedNotificationReader(dynamodb, local.tableName),
        replayer: localRuleReplayer(local.busEndpoint, { replayName, ruleArn }),
        eventBusName: local.busName,
        period,
        deployment: local.deployment,
        onProgress: (soFar, fraction) => bar.update(fraction, `${soFar.replayed} replayed`),
      });
      bar.finish(describeStoreTally(unit, tally));
      const complete =
        Object.keys(tally.refused).length === 0 && tally.unreadable === 0 && tally.otherDeployment === 0;
      return complete ? 0 : 1;
    } finally {
      eventBridge.destroy();
      dynamodb.destroy();
    }
  },
});
