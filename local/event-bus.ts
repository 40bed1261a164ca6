/**
 * The hub's local EventBridge bus: an HTTP endpoint speaking the PutEvents wire protocol (so the
 * real publish function's EventBridge client talks to it unchanged), applying rules exactly as the
 * synthesized template declares them: event patterns, SQS targets, retry policy, dead-letter queues.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
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
}

interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: number | string;
  Resources?: string[];
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
  /** Every PutEvents entry fails with `errorCode` until the outage ends. */
  startOutage(errorCode: string): BusOutage;
  stop(): Promise<void>;
}

function isoTime(time: number | string | undefined): string {
  if (time === undefined) return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const date = typeof time === "number" ? new Date(time * 1000) : new Date(time);
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startLocalEventBus(options: LocalEventBusOptions): Promise<LocalEventBus> {
  const backoff = fullJitterBackoff({
    baseDelayMs: options.retryBaseMs ?? 200,
    maxDelayMs: options.retryMaxMs ?? 5_000,
  });
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let outage: { readonly errorCode: string; readonly refusals: Map<string, number> } | undefined;

  async function deliver(event: BusEvent, rule: LocalRule, target: LocalRuleTarget): Promise<void> {
    const body = JSON.stringify(event);
    const firstTry = Date.now();
    let lastError: Error | undefined;
    for (let attempt = 0; attempt <= target.maximumRetryAttempts && !stopping; attempt++) {
      if (attempt > 0) {
        const ageSeconds = (Date.now() - firstTry) / 1000;
        if (ageSeconds > target.maximumEventAgeSeconds) break;
        await backoff(attempt);
      }
      try {
        await options.sqs.send(new SendMessageCommand({ QueueUrl: target.queueUrl, MessageBody: body }));
        return;
      } catch (error) {
        lastError = error instanceof Error ? error : new Error(String(error));
      }
    }
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

  function route(event: BusEvent): void {
    for (const rule of options.rules) {
      if (!matchesEventPattern(rule.pattern, event)) continue;
      for (const target of rule.targets) {
        const delivery = deliver(event, rule, target).catch(() => {
          // The DLQ itself is unreachable: nothing more the bus can do, as in AWS.
        });
        inFlight.add(delivery);
        void delivery.finally(() => inFlight.delete(delivery));
      }
    }
  }

  function putEvents(entries: PutEventsEntry[]) {
    const results = entries.map((entry) => {
      if (outage !== undefined) {
        const detail = entry.Detail ?? "";
        outage.refusals.set(detail, (outage.refusals.get(detail) ?? 0) + 1);
        return { ErrorCode: outage.errorCode, ErrorMessage: "The local bus is in a simulated outage." };
      }
      if (entry.EventBusName !== undefined && entry.EventBusName !== options.busName) {
        return {
          ErrorCode: "ResourceNotFoundException",
          ErrorMessage: `Event bus ${entry.EventBusName} does not exist.`,
        };
      }
      if (entry.Source === undefined || !options.admittedSources.includes(entry.Source)) {
        return {
          ErrorCode: "NotAuthorizedForSourceException",
          ErrorMessage: "Not authorized for the source.",
        };
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
      const event: BusEvent = {
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
      route(event);
      return { EventId: event.id };
    });
    return { FailedEntryCount: results.filter((r) => "ErrorCode" in r).length, Entries: results };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = request.headers["x-amz-target"];
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      response.end(JSON.stringify(body));
    };
    if (request.method !== "POST" || target !== "AWSEvents.PutEvents") {
      reply(400, {
        __type: "UnknownOperationException",
        message: `The local bus only serves PutEvents (${String(target)}).`,
      });
      return;
    }
    let input: { Entries?: PutEventsEntry[] };
    try {
      input = JSON.parse(await readBody(request)) as { Entries?: PutEventsEntry[] };
    } catch {
      reply(400, { __type: "SerializationException", message: "Malformed request body." });
      return;
    }
    const entries = input.Entries ?? [];
    if (entries.length === 0 || entries.length > 10) {
      reply(400, { __type: "ValidationException", message: "Entries must hold 1 to 10 events." });
      return;
    }
    reply(200, putEvents(entries));
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
    pendingDeliveries: () => inFlight.size,
    startOutage(errorCode) {
      const current = { errorCode, refusals: new Map<string, number>() };
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
      await Promise.allSettled([...inFlight]);
    },
  };
}
