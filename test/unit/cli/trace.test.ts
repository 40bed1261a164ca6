import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../cli/command.ts";
import { describeTrace, formatSeconds, traceCommand } from "../../../cli/commands/trace.ts";
import { type Trace, traceSchema } from "../../../shared/api/trace.ts";

const out = new Writable({ write: (_chunk, _encoding, done) => done() });
const trace = (...args: string[]) => traceCommand.execute(args, { out });

const sample: Trace = {
  notification: {
    id: "01KB0000000000000000000001",
    kind: "border.illegal-crossing",
    source: "burkit",
    upstream: { system: "burkit", recordId: "BRK-1" },
    region: "KZ-75",
    occurredAt: "2026-11-29T09:58:00.000Z",
    receivedAt: "2026-11-29T10:00:00.000Z",
  },
  receiptClass: "urgent",
  publishedAt: "2026-11-29T10:00:00.300Z",
  deadLetters: "not-checked",
  units: [
    {
      unit: "imc",
      delivery: "acknowledged",
      received: { at: "2026-11-29T10:03:00.000Z", officer: "a.serikbayev" },
      actioned: { at: "2026-11-29T10:05:00.000Z", officer: "a.serikbayev", reference: "KUSP-7" },
      deadlines: [
        { level: "first", dueAt: "2026-11-29T10:10:00.000Z", state: "met" },
        { level: "second", dueAt: "2026-11-29T11:00:00.000Z", state: "met" },
      ],
      overdue: false,
    },
    {
      unit: "transport-police",
      delivery: "sent",
      deadlines: [
        {
          level: "first",
          dueAt: "2026-11-29T10:10:00.000Z",
          state: "missed",
          lateSeconds: 3_725,
          escalation: { notificationId: "01KB00000000000000000000E1", raisedAt: "2026-11-29T10:10:30.000Z" },
        },
        { level: "second", dueAt: "2026-11-29T11:00:00.000Z", state: "open" },
      ],
      overdue: true,
    },
  ],
  checkedAt: "2026-11-29T11:12:05.000Z",
};

describe("hub trace: usage", () => {
  it.each([
    [[], /say which notification/],
    [["01KB0000000000000000000001", "--source", "kqp", "--record", "EXP-1"], /not both/],
    [["--source", "kqp"], /say which notification/],
    [["01KB0000000000000000000001", "01KB0000000000000000000002"], /one notification at a time/],
  ])("refuses `%j` before reaching for a hub", async (args, reason) => {
    const refusal = trace(...args);

    await expect(refusal).rejects.toThrow(UsageError);
    await expect(refusal).rejects.toThrow(reason);
  });
});

describe("the readable trace", () => {
  it.each([
    [42, "42s"],
    [312, "5m 12s"],
    [3_725, "1h 02m 05s"],
  ])("writes %d seconds as %s", (seconds, written) => {
    expect(formatSeconds(seconds)).toBe(written);
  });

  it("names each hop, each unit's state and officers, each deadline, and what is overdue", () => {
    const text = describeTrace(traceSchema.parse(sample));

    expect(text).toContain(
      "notification 01KB0000000000000000000001  border.illegal-crossing  (receipt: urgent)",
    );
    expect(text).toContain("from       burkit record BRK-1");
    expect(text).toContain("published  2026-11-29T10:00:00.300Z");
    expect(text).toContain("dead-letter queues not checked");
    expect(text).toMatch(
      /imc +acknowledged +2026-11-29T10:03:00.000Z a.serikbayev +2026-11-29T10:05:00.000Z a.serikbayev \(KUSP-7\) +met +met/,
    );
    expect(text).toContain(
      "missed by 1h 02m 05s (due 2026-11-29T10:10:00.000Z), escalated 01KB00000000000000000000E1",
    );
    expect(text).toContain("open until 2026-11-29T11:00:00.000Z");
    expect(text).toContain("overdue: transport-police (as of 2026-11-29T11:12:05.000Z)");
  });

  it("says when no publication is recorded yet", () => {
    const { publishedAt: _published, ...unpublished } = sample;

    expect(describeTrace(unpublished)).toContain("published  not recorded yet");
  });
});
