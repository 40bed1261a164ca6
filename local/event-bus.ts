/**
 * The hub's local EventBridge bus: an HTTP endpoint speaking the PutEvents wire protocol (so the
 * real publish function's EventBridge client talks to it unchanged), applying rules exactly as the
 * synthesized template declares them: event patterns, SQS targets, retry policy, dead-letter queues.
 * It also answers ListRuleNamesByTarget and DescribeRule as EventBridge does, and one operation of
 * its own, `ReplayEvents`: the local stand-in for an archive's replay limited to some rules.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type MessageAttributeValue,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { fullJitterBackoff } from "../shared/retry.ts";
import { type EventPattern, matchesEventPattern } from "./event-pattern.ts";

export interface LocalRuleTarget {
  readonly id: string;
  readonly arn: string;
  readonly queueUrl: string;
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
  readonly deadLetterQueueUrl?: string;
}

export interface LocalRule {
  readonly name: string;
  readonly arn: string;
  readonly pattern: EventPattern;
  readonly targets: readonly LocalRuleTarget[];
}

export interface LocalEventBusOptions {
  readonly busName: string;
  readonly region: string;
  readonly account: string;
  readonly rules: readonly LocalRule[];
  /** Only these `source`s may put events (the bus policy of the template admits only the hub's own). */
  readonly admittedSources: readonly string[];
  readonly sqs: SQSClient;
  /**
   * Retry backoff of a failing target. AWS spreads retries over up to 24 hours; locally the schedule
   * is compressed: retry n waits a random time below `retryBaseMs · 2^(n-1)` and `retryMaxMs`.
   */
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  readonly port?: number;
  /** Told the count of deliveries still being attempted each time it changes (a hub in another thread mirrors it). */
  readonly onPendingDeliveries?: (count: number) => void;
}

/** An event as EventBridge delivers it to targets. */
export interface BusEvent {
  version: "0";
  id: string;
  "detail-type": string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
  /** Set on a replayed event, as EventBridge marks the events of an archive's replay. */
  "replay-name"?: string;
}

/** An entry as PutEvents takes it on the wire (`Time` in epoch seconds, or an ISO string). */
export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: number | string;
  Resources?: string[];
}

type EntryRefusal = { readonly ErrorCode: string; readonly ErrorMessage: string };

/**
 * The local bus's own operation (the `X-Amz-Target` of its request): events delivered through the
 * rules named by `FilterArns` only, never through the others, as EventBridge's StartReplay with
 * `Destination.FilterArns` replays an archive. The caller reads the events from the store (the
 * local hub keeps no archive); the bus judges each against the rules' patterns.
 */
export const REPLAY_EVENTS_TARGET = "LocalHubBus.ReplayEvents";

/** At most this many entries per `ReplayEvents` request (a page of the store). */
export const MAX_REPLAY_ENTRIES = 100;

export interface ReplayEventsRequest {
  /** Marks each delivered event (`replay-name`), as an archive's replay does. */
  readonly ReplayName: string;
  /** The ARNs of the rules to deliver through: rules of this bus. */
  readonly FilterArns: readonly string[];
  readonly Entries: readonly PutEventsEntry[];
}

/** Per entry: the event and how many of the filter's rules matched it (0: none, not delivered), or why it was refused. */
export type ReplayEventsResultEntry =
  | { readonly EventId: string; readonly MatchedRules: number }
  | EntryRefusal;

export interface ReplayEventsResponse {
  readonly Entries: readonly ReplayEventsResultEntry[];
}

/** A fault for tests: while it lasts, the bus refuses every entry, as in an outage of EventBridge or its key. */
export interface BusOutage {
  /** How often each entry was refused, by its `Detail`. */
  readonly refusals: ReadonlyMap<string, number>;
  end(): void;
}

export interface LocalEventBus {
  readonly endpoint: string;
  /** Deliveries still being attempted (for a clean stop and for tests that wait for quiet). */
  pendingDeliveries(): number;
  /** Every PutEvents entry fails with `errorCode` until the outage ends; `onRefusal` hears each refused entry's `Detail`. */
  startOutage(errorCode: string, onRefusal?: (detail: string) => void): BusOutage;
  stop(): Promise<void>;
}

function isoTime(time: number | string | undefined): string {
  if (time === undefined) return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const date = typeof time === "number" ? new Date(time * 1000) : new Date(time);
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

interface OperationResult {
  readonly status: number;
  readonly body: unknown;
}

/** A request's parsed JSON body: each operation checks the fields it reads. */
type OperationInput = Readonly<Record<string, unknown>>;

function isJsonObject(value: unknown): value is OperationInput {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The entries of a request, or none when `Entries` is not a list of objects (refused for its length). */
function entriesOf(value: unknown): PutEventsEntry[] {
  if (!Array.isArray(value) || !value.every(isJsonObject)) return [];
  // Their fields are checked where the event is built (`eventOf`).
  return value as PutEventsEntry[];
}

const success = (body: unknown): OperationResult => ({ status: 200, body });
const failure = (type: string, message: string): OperationResult => ({
  status: 400,
  body: { __type: type, message },
});

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** SendMessageBatch takes at most 10 messages and 256 KiB in all. */
const MAX_MESSAGES_PER_SEND = 10;
const MAX_BYTES_PER_SEND = 256 * 1024;
/**
 * Sends in flight per target queue. Events waiting behind them go out together, up to 10 a request:
 * under load one SendMessageBatch carries what one SendMessage per event would (a tenth of the SDK,
 * signing and emulator work on the process the whole local hub shares), and idle, an event leaves at once.
 */
const SENDS_IN_FLIGHT_PER_QUEUE = 2;

/** One event on its way to one target: retried on its own, and dead-lettered on its own. */
interface Delivery {
  readonly body: string;
  readonly bytes: number;
  readonly rule: LocalRule;
  readonly target: LocalRuleTarget;
  readonly firstTry: number;
  attempt: number;
  lastError?: Error;
}

/** The deliveries waiting for a target queue, and how many sends to it are in flight. */
interface QueueLane {
  readonly queueUrl: string;
  readonly waiting: Delivery[];
  sending: number;
}

/** The deliveries at the head of `waiting` that fit in one SendMessageBatch (always at least one). */
function takeBatch(waiting: Delivery[]): Delivery[] {
  let count = 0;
  let bytes = 0;
  for (const delivery of waiting) {
    if (count === MAX_MESSAGES_PER_SEND || (count > 0 && bytes + delivery.bytes > MAX_BYTES_PER_SEND)) break;
    count += 1;
    bytes += delivery.bytes;
  }
  return waiting.splice(0, count);
}

export async function startLocalEventBus(options: LocalEventBusOptions): Promise<LocalEventBus> {
  const backoff = fullJitterBackoff({
    baseDelayMs: options.retryBaseMs ?? 200,
    maxDelayMs: options.retryMaxMs ?? 5_000,
  });
  const lanes = new Map<string, QueueLane>();
  /** Deliveries not yet in their queue or its DLQ (waiting, being sent, backing off, being dead-lettered). */
  let unsettled = 0;
  const settledWaiters: (() => void)[] = [];
  let stopping = false;
  let outage:
    | {
        readonly errorCode: string;
        readonly refusals: Map<string, number>;
        readonly onRefusal?: (detail: string) => void;
      }
    | undefined;

  function settle(): void {
    unsettled -= 1;
    options.onPendingDeliveries?.(unsettled);
    if (unsettled > 0) return;
    for (const resolve of settledWaiters.splice(0)) resolve();
  }

  function laneOf(queueUrl: string): QueueLane {
    let lane = lanes.get(queueUrl);
    if (lane === undefined) {
      lane = { queueUrl, waiting: [], sending: 0 };
      lanes.set(queueUrl, lane);
    }
    return lane;
  }

  function enqueue(delivery: Delivery): void {
    const lane = laneOf(delivery.target.queueUrl);
    lane.waiting.push(delivery);
    pump(lane);
  }

  function pump(lane: QueueLane): void {
    while (lane.sending < SENDS_IN_FLIGHT_PER_QUEUE && lane.waiting.length > 0) {
      const batch = takeBatch(lane.waiting);
      lane.sending += 1;
      void send(lane.queueUrl, batch).finally(() => {
        lane.sending -= 1;
        pump(lane);
      });
    }
  }

  /** One SendMessageBatch; each entry that failed is retried (or dead-lettered) on its own. */
  async function send(queueUrl: string, batch: readonly Delivery[]): Promise<void> {
    let failed: [Delivery, Error][];
    try {
      const response = await options.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((delivery, index) => ({ Id: String(index), MessageBody: delivery.body })),
        }),
      );
      failed = (response.Failed ?? []).flatMap((entry) => {
        const delivery = batch[Number(entry.Id)];
        const error = Object.assign(new Error(entry.Message ?? "SendMessageBatch entry failed"), {
          name: entry.Code ?? "SDK_CLIENT_ERROR",
        });
        return delivery === undefined ? [] : [[delivery, error] as [Delivery, Error]];
      });
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      failed = batch.map((delivery) => [delivery, cause]);
    }
    const failedDeliveries = new Set(failed.map(([delivery]) => delivery));
    for (const delivery of batch) if (!failedDeliveries.has(delivery)) settle();
    for (const [delivery, error] of failed) void retry(delivery, error);
  }

  /** Sends a failed delivery again after the backoff, or to its DLQ once out of attempts or age. */
  async function retry(delivery: Delivery, error: Error): Promise<void> {
    delivery.lastError = error;
    delivery.attempt += 1;
    const ageSeconds = (Date.now() - delivery.firstTry) / 1000;
    if (
      !stopping &&
      delivery.attempt <= delivery.target.maximumRetryAttempts &&
      ageSeconds <= delivery.target.maximumEventAgeSeconds
    ) {
      await backoff(delivery.attempt);
      if (!stopping) {
        enqueue(delivery);
        return;
      }
    }
    await deadLetter(delivery).catch(() => {
      // The DLQ itself is unreachable: nothing more the bus can do, as in AWS.
    });
    settle();
  }

  async function deadLetter({ body, rule, target, lastError }: Delivery): Promise<void> {
    if (target.deadLetterQueueUrl === undefined) return;
    // As EventBridge does: the original event, with why it could not be delivered as attributes.
    const attribute = (value: string): MessageAttributeValue => ({ DataType: "String", StringValue: value });
    await options.sqs.send(
      new SendMessageCommand({
        QueueUrl: target.deadLetterQueueUrl,
        MessageBody: body,
        MessageAttributes: {
          ERROR_CODE: attribute(lastError?.name ?? "SDK_CLIENT_ERROR"),
          ERROR_MESSAGE: attribute((lastError?.message ?? "delivery stopped").slice(0, 256)),
          RULE_ARN: attribute(rule.arn),
          TARGET_ARN: attribute(target.arn),
        },
      }),
    );
  }

  /** Starts delivering `event` to the targets of each of `rules` whose pattern matches it; how many matched. */
  function route(event: BusEvent, rules: readonly LocalRule[]): number {
    let matched = 0;
    let body: string | undefined;
    for (const rule of rules) {
      if (!matchesEventPattern(rule.pattern, event)) continue;
      matched += 1;
      // Serialised once, whatever the number of targets.
      body ??= JSON.stringify(event);
      const bytes = Buffer.byteLength(body, "utf8");
      for (const target of rule.targets) {
        unsettled += 1;
        enqueue({ body, bytes, rule, target, firstTry: Date.now(), attempt: 0 });
      }
    }
    if (matched > 0) options.onPendingDeliveries?.(unsettled);
    return matched;
  }

  /** The event an entry becomes on this bus, or why EventBridge would refuse the entry. */
  function eventOf(entry: PutEventsEntry): BusEvent | EntryRefusal {
    if (entry.EventBusName !== undefined && entry.EventBusName !== options.busName) {
      return {
        ErrorCode: "ResourceNotFoundException",
        ErrorMessage: `Event bus ${entry.EventBusName} does not exist.`,
      };
    }
    if (entry.Source === undefined || !options.admittedSources.includes(entry.Source)) {
      return { ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: "Not authorized for the source." };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail ?? "");
    } catch {
      return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." };
    }
    if (entry.DetailType === undefined || detail === null || typeof detail !== "object") {
      return { ErrorCode: "MalformedDetail", ErrorMessage: "Detail and DetailType are required." };
    }
    return {
      version: "0",
      id: randomUUID(),
      "detail-type": entry.DetailType,
      source: entry.Source,
      account: options.account,
      time: isoTime(entry.Time),
      region: options.region,
      resources: entry.Resources ?? [],
      detail,
    };
  }

  function putEvents(input: OperationInput): OperationResult {
    const entries = entriesOf(input.Entries);
    if (entries.length === 0 || entries.length > 10)
      return failure("ValidationException", "Entries must hold 1 to 10 events.");
    const results = entries.map((entry) => {
      if (outage !== undefined) {
        const detail = entry.Detail ?? "";
        outage.refusals.set(detail, (outage.refusals.get(detail) ?? 0) + 1);
        outage.onRefusal?.(detail);
        return { ErrorCode: outage.errorCode, ErrorMessage: "The local bus is in a simulated outage." };
      }
      const event = eventOf(entry);
      if ("ErrorCode" in event) return event;
      route(event, options.rules);
      return { EventId: event.id };
    });
    return success({ FailedEntryCount: results.filter((r) => "ErrorCode" in r).length, Entries: results });
  }

  function replayEvents(input: OperationInput): OperationResult {
    const replayName = input.ReplayName;
    const filterArns = Array.isArray(input.FilterArns) ? input.FilterArns : [];
    const entries = entriesOf(input.Entries);
    if (typeof replayName !== "string" || !/^[.\-_A-Za-z0-9]{1,64}$/.test(replayName))
      return failure("ValidationException", "ReplayName must be 1 to 64 of . - _ A-Z a-z 0-9.");
    const rules = options.rules.filter((rule) => filterArns.includes(rule.arn));
    if (filterArns.length === 0 || rules.length !== new Set(filterArns).size)
      return failure(
        "ValidationException",
        `FilterArns must name rules of the event bus ${options.busName}.`,
      );
    if (entries.length === 0 || entries.length > MAX_REPLAY_ENTRIES)
      return failure("ValidationException", `Entries must hold 1 to ${MAX_REPLAY_ENTRIES} events.`);
    const results: ReplayEventsResultEntry[] = entries.map((entry) => {
      const event = eventOf(entry);
      if ("ErrorCode" in event) return event;
      const replayed: BusEvent = { ...event, "replay-name": replayName };
      return { EventId: replayed.id, MatchedRules: route(replayed, rules) };
    });
    return success({ Entries: results });
  }

  /** EventBridge's answer to a request naming another bus than this one; `undefined` for this bus. */
  function otherBus(busName: unknown): OperationResult | undefined {
    return busName === undefined || busName === options.busName
      ? undefined
      : failure("ResourceNotFoundException", `Event bus ${String(busName)} does not exist.`);
  }

  function listRuleNamesByTarget(input: OperationInput): OperationResult {
    if (typeof input.TargetArn !== "string") return failure("ValidationException", "TargetArn is required.");
    const ruleNames = options.rules
      .filter((rule) => rule.targets.some((target) => target.arn === input.TargetArn))
      .map((rule) => rule.name);
    return otherBus(input.EventBusName) ?? success({ RuleNames: ruleNames });
  }

  function describeRule(input: OperationInput): OperationResult {
    const rule = options.rules.find((candidate) => candidate.name === input.Name);
    const found =
      rule === undefined
        ? failure(
            "ResourceNotFoundException",
            `Rule ${String(input.Name)} does not exist on EventBus ${options.busName}.`,
          )
        : success({
            Name: rule.name,
            Arn: rule.arn,
            EventPattern: JSON.stringify(rule.pattern),
            State: "ENABLED",
            EventBusName: options.busName,
          });
    return otherBus(input.EventBusName) ?? found;
  }

  /** The operations the bus answers, by `X-Amz-Target`; each takes the parsed JSON body. */
  const operations: Readonly<Record<string, (input: OperationInput) => OperationResult>> = {
    "AWSEvents.PutEvents": putEvents,
    "AWSEvents.ListRuleNamesByTarget": listRuleNamesByTarget,
    "AWSEvents.DescribeRule": describeRule,
    [REPLAY_EVENTS_TARGET]: replayEvents,
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = request.headers["x-amz-target"];
    const reply = ({ status, body }: OperationResult) => {
      response.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      response.end(JSON.stringify(body));
    };
    const operation = typeof target === "string" ? operations[target] : undefined;
    if (request.method !== "POST" || operation === undefined) {
      reply(
        failure(
          "UnknownOperationException",
          `The local bus serves ${Object.keys(operations).join(", ")} (not ${String(target)}).`,
        ),
      );
      return;
    }
    let input: unknown;
    try {
      input = JSON.parse(await readBody(request));
    } catch {
      reply(failure("SerializationException", "Malformed request body."));
      return;
    }
    if (!isJsonObject(input)) {
      reply(failure("SerializationException", "The request body must be a JSON object."));
      return;
    }
    reply(operation(input));
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { "content-type": "application/x-amz-json-1.1" });
      response.end(JSON.stringify({ __type: "InternalException", message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    pendingDeliveries: () => unsettled,
    startOutage(errorCode, onRefusal) {
      const current = { errorCode, refusals: new Map<string, number>(), onRefusal };
      outage = current;
      return {
        refusals: current.refusals,
        end: () => {
          if (outage === current) outage = undefined;
        },
      };
    },
    async stop() {
      stopping = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (unsettled > 0) await new Promise<void>((resolve) => settledWaiters.push(resolve));
    },
  };
}
