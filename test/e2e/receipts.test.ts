/**
 * Receipts through the local hub, end to end, with deadlines compressed by the local configuration:
 * units acknowledge with the CLI (`hub poll --ack`, `hub ack`), the checker runs as its schedule would
 * (triggered by the test), and escalations travel the normal path to the duty unit's, imc's and kpd's
 * queues.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckSummary, EscalationOutcome } from "../../functions/receipt-checker/check-receipts.ts";
import { LOCAL_HUB_FILE } from "../../local/connection-file.ts";
import { type LocalHub, startLocalHub } from "../../local/hub.ts";
import { waitUntil } from "../../local/process-utils.ts";
import { RECEIPT_CHECKER_JOB } from "../../local/receipts.ts";
import type { UnitId } from "../../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../../shared/domain/notification.ts";
import type { EscalationNotification } from "../../shared/domain/receipts/escalation.ts";
import { inRegion, reportFixture, withFreshReportIds } from "../support/fixtures.ts";
import { hubCliIn } from "../support/hub-cli.ts";
import { localHubClient } from "../support/local-hub-client.ts";

const cliFolder = mkdtempSync(join(tmpdir(), "hub-e2e-receipts-"));
/** Urgent deadlines in seconds: long enough for a CLI run to acknowledge before the first. */
const URGENT = { first: 15, second: 20 };
let hub: LocalHub;
let client: ReturnType<typeof localHubClient>;

beforeAll(async () => {
  hub = await startLocalHub({
    targetRetry: { baseMs: 5, maxMs: 20 },
    connectionFile: join(cliFolder, LOCAL_HUB_FILE),
    // Only the test runs the checker: each run is one the test can look at.
    receipts: { deadlines: { urgent: URGENT, routine: { first: 600, second: 1200 } }, checkEveryMs: null },
  });
  client = localHubClient(hub);
});
afterAll(async () => {
  client?.close();
  await hub?.stop();
});

/** The `hub` command line, run where the hub wrote its connection file. */
const hubCommand = hubCliIn(cliFolder);

/** An urgent report of the duty unit (`foreigner.undocumented`, to imc and migration-service): its id. */
async function fileUndocumented(): Promise<string> {
  const body = inRegion(withFreshReportIds(reportFixture("foreigner.undocumented"), randomUUID()), "KZ-75");
  const response = await client.fileReports("duty", JSON.stringify(body));
  const [result] = (JSON.parse(response.text) as { results: { notificationId: string }[] }).results;
  if (response.status !== 202 || result === undefined) throw new Error(`not stored: ${response.text}`);
  return result.notificationId;
}

/** Runs the checker until it has reported an escalation for each of `wanted` (its runs accumulate). */
async function checkUntil(
  wanted: readonly [string, UnitId, "first" | "second"][],
): Promise<EscalationOutcome[]> {
  const seen: EscalationOutcome[] = [];
  return waitUntil(
    async () => {
      const summary = (await hub.runJob(RECEIPT_CHECKER_JOB)) as CheckSummary;
      seen.push(...summary.escalations);
      const all = wanted.every(([id, unit, level]) =>
        seen.some((e) => e.notificationId === id && e.unit === unit && e.level === level),
      );
      return all && seen;
    },
    { timeoutMs: 60_000, what: `the checker to escalate ${JSON.stringify(wanted)}` },
  );
}

/** Whether messages wait in `unit`'s queue (read without receiving them). */
async function waiting(unit: UnitId): Promise<boolean> {
  const { Attributes } = await client.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: hub.connection.queues[unit]?.url,
      AttributeNames: ["ApproximateNumberOfMessages"],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) > 0;
}

const isEscalation = (notification: CanonicalNotification): notification is EscalationNotification =>
  notification.kind === "receipt.overdue" || notification.kind === "receipt.escalated";

/** The escalations about notification `id` that reached `unit`'s queue (read and deleted). */
async function escalationsIn(unit: UnitId, id: string): Promise<EscalationNotification[]> {
  const messages = await client.drain(unit);
  return messages
    .map((message) => (JSON.parse(message.Body ?? "{}") as { detail: CanonicalNotification }).detail)
    .filter(isEscalation)
    .filter((escalation) => escalation.facts.notification.id === id);
}

describe("receipts and escalation through the local hub", () => {
  it("escalates an urgent notification not acknowledged: exactly one `receipt.overdue` to duty and imc, then kpd", async () => {
    const id = await fileUndocumented();
    await waitUntil(() => waiting("imc"), {
      timeoutMs: 10_000,
      what: "the notification to reach imc's queue",
    });
    // imc reads its queue and acknowledges what it printed, well within the deadline.
    const poll = await hubCommand("poll", "--unit", "imc", "--ack", "--officer", "a.tulegenov");
    expect(poll.code, poll.stdout).toBe(0);
    expect(poll.stdout).toContain(id);
    expect(poll.stdout).toMatch(/notification\(s\) for imc, acknowledged/);

    const escalations = await checkUntil([
      [id, "migration-service", "first"],
      [id, "migration-service", "second"],
    ]);
    // The same deadlines checked again, as a second run over the same span would: nothing new.
    const recheck = (await hub.runJob(RECEIPT_CHECKER_JOB, {
      recheckFrom: new Date(Date.now() - 60_000).toISOString(),
    })) as CheckSummary;

    const about = (list: readonly EscalationOutcome[]) => list.filter((e) => e.notificationId === id);
    expect(about(escalations).map((e) => [e.unit, e.level, e.status])).toEqual([
      ["migration-service", "first", "stored"],
      ["migration-service", "second", "stored"],
    ]);
    expect(about(recheck.escalations).map((e) => [e.unit, e.level, e.status])).toEqual([
      ["migration-service", "first", "duplicate"],
      ["migration-service", "second", "duplicate"],
    ]);

    // Draining deletes what it reads: keep each queue's escalations across polls, as they may arrive apart.
    const arrived: Record<"duty" | "imc" | "kpd", EscalationNotification[]> = { duty: [], imc: [], kpd: [] };
    await waitUntil(
      async () => {
        for (const unit of ["duty", "imc", "kpd"] as const)
          arrived[unit].push(...(await escalationsIn(unit, id)));
        return arrived.duty.length > 0 && arrived.imc.length > 0 && arrived.kpd.length > 0;
      },
      { timeoutMs: 30_000, what: "the escalations to reach duty, imc and kpd" },
    );
    await waitUntil(() => hub.deliveriesSettled(), { timeoutMs: 10_000, what: "a quiet bus" });
    const escalatedTo: UnitId[] = ["duty", "imc", "kpd"];
    const strays = await Promise.all(escalatedTo.map((unit) => escalationsIn(unit, id)));

    for (const unit of ["duty", "imc"] as const) {
      expect(
        arrived[unit].map((n) => [n.kind, n.facts.unit]),
        unit,
      ).toEqual([["receipt.overdue", "migration-service"]]);
    }
    expect(arrived.kpd.map((n) => [n.kind, n.facts.unit])).toEqual([
      ["receipt.escalated", "migration-service"],
    ]);
    expect(arrived.duty[0]).toMatchObject({
      source: "hub",
      subject: { persons: [] },
      facts: { notification: { id, kind: "foreigner.undocumented" }, receiptClass: "urgent" },
    });
    expect(strays.flat()).toEqual([]);
  });

  it("refuses with 403 an acknowledgement by a unit the notification was not routed to, and records its own unit's", async () => {
    const id = await fileUndocumented();

    const refused = await hubCommand("ack", "--unit", "transport-police", id);
    const actioned = await hubCommand(
      "ack",
      "--unit",
      "migration-service",
      "--actioned",
      "--ref",
      "КУИ-7",
      id,
    );

    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^403 receipt\.forbidden: /);
    expect(refused.stdout).toContain(
      "/receipts/0/notificationId: This notification was not routed to `transport-police`.",
    );
    expect(actioned.code, actioned.stdout).toBe(0);
    expect(actioned.stdout).toMatch(new RegExp(`^${id} +actioned +recorded .+ КУИ-7 *$`, "m"));
  });
});
