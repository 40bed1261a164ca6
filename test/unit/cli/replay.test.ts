import { Writable } from "node:stream";
import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  type PutEventsRequestEntry,
  StartReplayCommand,
} from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../../cli/command.ts";
import {
  ARCHIVE_ARN_ENV,
  progressThrough,
  type RuleReplayer,
  replayArchive,
  replayCommand,
  replayFromStore,
  replayNameOf,
} from "../../../cli/commands/replay.ts";
import type { ReplayEventsResultEntry } from "../../../local/event-bus.ts";
import { type FeedKindId, unitIds } from "../../../shared/domain/catalogue/index.ts";
import { notificationOf } from "../support/feeds.ts";

let printed = "";
const out = new Writable({
  write(chunk, _encoding, done) {
    printed += String(chunk);
    done();
  },
});
const replay = (...args: string[]) => replayCommand.execute(args, { out });
const day = ["--from", "2026-11-29", "--to", "2026-11-30"];
const period = { from: new Date("2026-11-29T00:00:00Z"), to: new Date("2026-11-30T00:00:00Z") };

beforeEach(() => {
  printed = "";
  vi.stubEnv(ARCHIVE_ARN_ENV, undefined);
});
afterEach(() => vi.unstubAllEnvs());

describe("hub replay: usage", () => {
  it("prints its usage", async () => {
    expect(await replay("--help")).toBe(0);
    expect(printed).toContain("usage: hub replay --unit <unit> --from <time> --to <time> [--archive <arn>]");
  });

  it.each([
    [[...day], /say which unit \(--unit\)/],
    [["--unit", "sheriff", ...day], /unknown unit 'sheriff'/],
    [["--unit", "imc", "--to", "2026-11-30"], /--from is missing/],
    [["--unit", "imc", "--from", "2026-11-30", "--to", "2026-11-29"], /--to must come after --from/],
    [
      ["--unit", "imc", ...day, "--archive", "arn:aws:sqs:eu-central-1:111122223333:q"],
      /not an EventBridge archive ARN/,
    ],
  ])("refuses `%j` as a usage error, before starting anything", async (args, reason) => {
    const refusal = replay(...args);

    await expect(refusal).rejects.toThrow(UsageError);
    await expect(refusal).rejects.toThrow(reason);
  });
});

describe("replayNameOf and progressThrough", () => {
  it("names a replay as EventBridge allows, for every unit", () => {
    for (const unit of unitIds) {
      const name = replayNameOf(unit, new Date("2026-11-29T10:15:30.123Z"), "beef");

      expect(name).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
      expect(name).toBe(`replay-${unit}-20261129T101530Z-beef`);
    }
  });

  it.each([
    [undefined, 0],
    ["2026-11-28T23:00:00Z", 0],
    ["2026-11-29T06:00:00Z", 0.25],
    ["2026-11-30T01:00:00Z", 1],
  ])("puts an event time of %s at %d of the period", (time, fraction) => {
    expect(progressThrough(period, time === undefined ? undefined : new Date(time))).toBe(fraction);
  });
});

describe("replayFromStore", () => {
  const storedAt = (kind: FeedKindId, hour: number) =>
    JSON.stringify(notificationOf(kind, new Date(`2026-11-29T${String(hour).padStart(2, "0")}:00:00.000Z`)));

  /** A rule that matches the kinds in `matching`, as the local bus would judge them. */
  function ruleMatching(matching: readonly string[]): RuleReplayer & { sent: PutEventsRequestEntry[][] } {
    const sent: PutEventsRequestEntry[][] = [];
    return {
      sent,
      async replay(entries) {
        sent.push([...entries]);
        return entries.map(
          (entry, index): ReplayEventsResultEntry => ({
            EventId: `event-${index}`,
            MatchedRules: matching.includes(entry.DetailType ?? "") ? 1 : 0,
          }),
        );
      },
    };
  }

  it("hands every readable notification of the deployment to the rule and counts what the rule took", async () => {
    // Prepare: two pages, one poison record, one notification of another deployment
    const otherDeployment = JSON.stringify({
      ...notificationOf("biometric.watchlist-hit", new Date("2026-11-29T12:00:00.000Z")),
      deployment: "shymkent",
    });
    const pages = [
      [storedAt("border.illegal-crossing", 3), storedAt("expulsion.ordered", 6), "not json"],
      [storedAt("biometric.watchlist-hit", 12), otherDeployment],
    ];
    const rule = ruleMatching(["border.illegal-crossing", "biometric.watchlist-hit"]);
    const progress: number[] = [];

    // Act
    const tally = await replayFromStore({
      reader: {
        async *read() {
          yield* pages;
        },
      },
      replayer: rule,
      eventBusName: "hub-bus",
      period,
      deployment: "almaty",
      onProgress: (_tally, fraction) => progress.push(fraction),
    });

    // Assess
    expect(tally).toEqual({ replayed: 2, notForUnit: 1, refused: {}, unreadable: 1, otherDeployment: 1 });
    expect(rule.sent.map((entries) => entries.map((entry) => entry.DetailType))).toEqual([
      ["border.illegal-crossing", "expulsion.ordered"],
      ["biometric.watchlist-hit"],
    ]);
    expect(rule.sent.flat().every((entry) => entry.EventBusName === "hub-bus")).toBe(true);
    expect(progress).toEqual([0.25, 0.5]);
  });

  it("counts the entries the bus refused, by error code", async () => {
    const refusing: RuleReplayer = {
      replay: async (entries) =>
        entries.map(() => ({ ErrorCode: "NotAuthorizedForSourceException", ErrorMessage: "no" })),
    };

    const tally = await replayFromStore({
      reader: {
        async *read() {
          yield [storedAt("biometric.watchlist-hit", 1)];
        },
      },
      replayer: refusing,
      eventBusName: "hub-bus",
      period,
      deployment: "almaty",
    });

    expect(tally.refused).toEqual({ NotAuthorizedForSourceException: 1 });
    expect(tally.replayed).toBe(0);
  });
});

describe("replayArchive (AWS)", () => {
  const eventBridge = mockClient(EventBridgeClient);
  afterEach(() => eventBridge.reset());
  const archiveArn = "arn:aws:events:eu-central-1:111122223333:archive/Order195HubalmatyArchive1A2B3C";
  const busArn = "arn:aws:events:eu-central-1:111122223333:event-bus/Order195Hub-almaty";
  const ruleArn = "arn:aws:events:eu-central-1:111122223333:rule/Order195Hub-almaty/Order195Hub-almaty-imc";

  function archiveOfTheHubBus(ruleState: "ENABLED" | "DISABLED" = "ENABLED") {
    eventBridge.on(DescribeArchiveCommand).resolves({ ArchiveArn: archiveArn, EventSourceArn: busArn });
    eventBridge.on(DescribeRuleCommand).resolves({ Arn: ruleArn, State: ruleState });
    eventBridge.on(StartReplayCommand).resolves({ State: "STARTING" });
  }

  it("replays the archive to its own bus through the unit's rule only, and follows it to the end", async () => {
    // Prepare: running halfway, then completed
    archiveOfTheHubBus();
    eventBridge
      .on(DescribeReplayCommand)
      .resolvesOnce({ State: "RUNNING", EventLastReplayedTime: new Date("2026-11-29T12:00:00Z") })
      .resolves({ State: "COMPLETED", EventLastReplayedTime: new Date("2026-11-29T23:59:00Z") });
    const wait = vi.fn(async (_ms: number) => {});
    const progress: [string, number][] = [];

    // Act
    const outcome = await replayArchive({
      eventBridge: new EventBridgeClient({ region: "eu-central-1" }),
      archiveArn,
      unit: "imc",
      replayName: "replay-imc-20261201T080000Z-beef",
      period,
      pollMs: 5_000,
      wait,
      onProgress: (state, fraction) => progress.push([state, fraction]),
    });

    // Assess
    expect(outcome).toEqual({ ruleArn, state: "COMPLETED", reason: undefined });
    expect(eventBridge.commandCalls(DescribeArchiveCommand)[0]?.args[0].input).toEqual({
      ArchiveName: "Order195HubalmatyArchive1A2B3C",
    });
    expect(eventBridge.commandCalls(DescribeRuleCommand)[0]?.args[0].input).toEqual({
      Name: "Order195Hub-almaty-imc",
      EventBusName: "Order195Hub-almaty",
    });
    expect(eventBridge.commandCalls(StartReplayCommand)[0]?.args[0].input).toMatchObject({
      ReplayName: "replay-imc-20261201T080000Z-beef",
      EventSourceArn: archiveArn,
      EventStartTime: period.from,
      EventEndTime: period.to,
      Destination: { Arn: busArn, FilterArns: [ruleArn] },
    });
    expect(progress).toEqual([
      ["RUNNING", 0.5],
      ["COMPLETED", 1],
    ]);
    expect(wait.mock.calls).toEqual([[5_000]]);
  });

  it("reports a failed replay with EventBridge's reason", async () => {
    archiveOfTheHubBus();
    eventBridge.on(DescribeReplayCommand).resolves({ State: "FAILED", StateReason: "KMS key disabled" });

    const outcome = await replayArchive({
      eventBridge: new EventBridgeClient({ region: "eu-central-1" }),
      archiveArn,
      unit: "imc",
      replayName: "replay-imc-x",
      period,
      pollMs: 1,
    });

    expect(outcome).toMatchObject({ state: "FAILED", reason: "KMS key disabled" });
  });

  it("starts no replay through a disabled rule", async () => {
    archiveOfTheHubBus("DISABLED");

    const attempt = replayArchive({
      eventBridge: new EventBridgeClient({ region: "eu-central-1" }),
      archiveArn,
      unit: "imc",
      replayName: "replay-imc-x",
      period,
      pollMs: 1,
    });

    await expect(attempt).rejects.toThrow(/the imc rule of Order195Hub-almaty is not enabled \(DISABLED\)/);
    expect(eventBridge.commandCalls(StartReplayCommand)).toHaveLength(0);
  });
});
