/**
 * The local bus's answers beside PutEvents: finding a rule by its target and describing it (as
 * EventBridge does), and `ReplayEvents`, which delivers through the named rules only.
 */
import { randomUUID } from "node:crypto";
import {
  DescribeRuleCommand,
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localRuleReplayer } from "../../../cli/commands/replay.ts";
import { type BusEvent, type LocalEventBus, startLocalEventBus } from "../../../local/event-bus.ts";
import { LOCAL_ACCOUNT, LOCAL_REGION, localCredentials } from "../../../local/local-aws.ts";
import { waitUntil } from "../../../local/process-utils.ts";
import { type SqsEmulator, startSqsEmulator } from "../../../local/sqs-emulator.ts";

const BUS = "hub-bus";
const SOURCE = "kz.mvd.hub.kqp";
const ruleArn = (name: string) => `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${BUS}/${name}`;

let emulator: SqsEmulator;
let sqs: SQSClient;
let bus: LocalEventBus;
let eventBridge: EventBridgeClient;
/** Per rule, its queue: rule `Crossings` takes border crossings, rule `Everything` every kind. */
const queues = new Map<string, { url: string; arn: string }>();

beforeAll(async () => {
  emulator = await startSqsEmulator({ region: LOCAL_REGION });
  const aws = { region: LOCAL_REGION, credentials: localCredentials };
  sqs = new SQSClient({ ...aws, endpoint: emulator.endpoint });
  for (const rule of ["Crossings", "Everything"]) {
    const { QueueUrl = "" } = await sqs.send(new CreateQueueCommand({ QueueName: `${rule}-queue` }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
    );
    queues.set(rule, { url: QueueUrl, arn: Attributes?.QueueArn ?? "" });
  }
  const target = (rule: string) => {
    const queue = queues.get(rule) ?? { url: "", arn: "" };
    return {
      id: "Target0",
      arn: queue.arn,
      queueUrl: queue.url,
      maximumRetryAttempts: 2,
      maximumEventAgeSeconds: 60,
    };
  };
  bus = await startLocalEventBus({
    busName: BUS,
    region: LOCAL_REGION,
    account: LOCAL_ACCOUNT,
    admittedSources: [SOURCE],
    sqs,
    rules: [
      {
        name: "Crossings",
        arn: ruleArn("Crossings"),
        pattern: { "detail-type": ["border.illegal-crossing"] },
        targets: [target("Crossings")],
      },
      {
        name: "Everything",
        arn: ruleArn("Everything"),
        pattern: { source: [SOURCE] },
        targets: [target("Everything")],
      },
    ],
  });
  eventBridge = new EventBridgeClient({ ...aws, endpoint: bus.endpoint });
});
afterAll(async () => {
  eventBridge?.destroy();
  await bus?.stop();
  sqs?.destroy();
  await emulator?.stop();
});

const entry = (kind: string, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  EventBusName: BUS,
  Source: SOURCE,
  DetailType: kind,
  Detail: JSON.stringify({ id: randomUUID(), kind }),
  Time: new Date("2026-11-29T10:00:00Z"),
  ...extra,
});

/** The events in each rule's queue once the bus is quiet, consumed. */
async function deliveredByRule(): Promise<Map<string, BusEvent[]>> {
  await waitUntil(() => bus.pendingDeliveries() === 0, { timeoutMs: 5_000, what: "a quiet bus" });
  const delivered = new Map<string, BusEvent[]>();
  for (const [rule, queue] of queues) {
    const messages: Message[] = [];
    for (;;) {
      const page = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
      );
      if ((page.Messages ?? []).length === 0) break;
      messages.push(...(page.Messages ?? []));
    }
    delivered.set(
      rule,
      messages.map((message) => JSON.parse(message.Body ?? "{}") as BusEvent),
    );
  }
  return delivered;
}

describe("the local bus, finding rules", () => {
  it("names the rules that deliver to a target, and describes a rule with its ARN and pattern", async () => {
    const { RuleNames } = await eventBridge.send(
      new ListRuleNamesByTargetCommand({ TargetArn: queues.get("Crossings")?.arn, EventBusName: BUS }),
    );
    const described = await eventBridge.send(
      new DescribeRuleCommand({ Name: "Crossings", EventBusName: BUS }),
    );

    expect(RuleNames).toEqual(["Crossings"]);
    expect(described).toMatchObject({
      Name: "Crossings",
      Arn: ruleArn("Crossings"),
      State: "ENABLED",
      EventBusName: BUS,
      EventPattern: JSON.stringify({ "detail-type": ["border.illegal-crossing"] }),
    });
  });

  it("answers an unknown rule or another bus as EventBridge does", async () => {
    await expect(
      eventBridge.send(new DescribeRuleCommand({ Name: "Nope", EventBusName: BUS })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(
      eventBridge.send(new ListRuleNamesByTargetCommand({ TargetArn: "arn:x", EventBusName: "other" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});

describe("the local bus, replaying through one rule", () => {
  it("delivers through the named rule alone what its pattern matches, marked with the replay's name", async () => {
    const replayer = localRuleReplayer(bus.endpoint, {
      replayName: "replay-1",
      ruleArn: ruleArn("Crossings"),
    });

    const results = await replayer.replay([
      entry("border.illegal-crossing"),
      entry("expulsion.ordered"),
      entry("border.illegal-crossing", { Source: "kz.somebody.else" }),
    ]);
    const delivered = await deliveredByRule();

    expect(results).toEqual([
      { EventId: expect.any(String), MatchedRules: 1 },
      { EventId: expect.any(String), MatchedRules: 0 },
      { ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: expect.any(String) },
    ]);
    expect(delivered.get("Everything")).toEqual([]);
    expect(delivered.get("Crossings")).toEqual([
      expect.objectContaining({
        "detail-type": "border.illegal-crossing",
        "replay-name": "replay-1",
        time: "2026-11-29T10:00:00Z",
      }),
    ]);
  });

  it("refuses a replay through a rule of no such name on this bus", async () => {
    const replayer = localRuleReplayer(bus.endpoint, { replayName: "replay-2", ruleArn: ruleArn("Nope") });

    await expect(replayer.replay([entry("border.illegal-crossing")])).rejects.toThrow(
      /refused the replay \(400\).*FilterArns must name rules of the event bus hub-bus/,
    );
  });

  it("still routes PutEvents through every rule, without a replay name", async () => {
    await eventBridge.send(new PutEventsCommand({ Entries: [entry("border.illegal-crossing")] }));
    const delivered = await deliveredByRule();

    expect(delivered.get("Crossings")).toHaveLength(1);
    expect(delivered.get("Everything")).toHaveLength(1);
    expect(delivered.get("Everything")?.[0]).not.toHaveProperty("replay-name");
  });
});
