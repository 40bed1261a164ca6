/**
 * Acknowledgements as leaves of the evidence log: the mark each acknowledgement writes (the ledger
 * listed by time), what a mark points back at, and the receipt leaf made of a ledger item.
 */
import { describe, expect, it } from "vitest";
import { matchesEventPattern } from "../../../local/event-pattern.ts";
import {
  acknowledgedDayPartition,
  acknowledgedFactOf,
  acknowledgementMarkItem,
  receiptKey,
} from "../../../shared/adapters/dynamodb/receipt-items.ts";
import {
  dayIndexQueries,
  receivedIndexQueries,
} from "../../../shared/adapters/dynamodb/received-notifications.ts";
import type { Receipt } from "../../../shared/domain/receipts/receipt.ts";
import { leafKey, leafTime, receiptLeaf } from "../../../shared/evidence/leaves.ts";
import { notificationTable } from "../../../shared/wiring/notification-table.ts";
import { publishEventSource } from "../../../shared/wiring/stream-mapping.ts";

const ID = "01JX0000000000000000000000";
const AT = "2025-06-02T23:59:59.999Z";
const EXPIRES_AT = 1_780_000_000;
const { byReceivedDay } = notificationTable.indexes;

const receipt: Receipt = {
  notificationId: ID,
  unit: "imc",
  received: { at: "2025-06-02T09:00:00.000Z", officer: "a.tulegenov", principal: "arn:…/a.tulegenov" },
  actioned: {
    at: "2025-06-02T11:30:00.000Z",
    officer: "k.omarova",
    principal: "arn:…/k.omarova",
    reference: "КУИ 2026-0113",
  },
};

describe("an acknowledgement mark", () => {
  it("sits in the ledger partition, listed by the UTC day and instant of the acknowledgement, and expires with the receipt", () => {
    // Act
    const mark = acknowledgementMarkItem(
      { notificationId: ID, unit: "imc", status: "actioned" },
      AT,
      EXPIRES_AT,
    );

    // Assess
    expect(mark).toEqual({
      pk: { S: `RECEIPT#${ID}` },
      sk: { S: "ACK#imc#actioned" },
      [byReceivedDay.partitionKey]: { S: "ACKNOWLEDGED#2025-06-02" },
      [byReceivedDay.sortKey]: { S: `${AT}#${ID}#imc#actioned` },
      expiresAt: { N: String(EXPIRES_AT) },
    });
  });

  it("points back at the fact it marks, from its index entry's table keys; any other item points at none", () => {
    // Prepare
    const mark = acknowledgementMarkItem(
      { notificationId: ID, unit: "migration-service", status: "received" },
      AT,
      1,
    );
    // An index entry projects the table keys and the index keys, not the TTL.
    const { expiresAt: _, ...entry } = mark;
    const withSortKey = (sk: string) => ({ ...entry, sk: { S: sk } });

    // Act and Assess
    expect(acknowledgedFactOf(entry)).toEqual({
      notificationId: ID,
      unit: "migration-service",
      status: "received",
    });
    expect(acknowledgedFactOf(receiptKey(ID, "imc"))).toBeUndefined();
    expect(acknowledgedFactOf({ pk: { S: "REC#kqp#1" }, sk: { S: "NOTIFICATION" } })).toBeUndefined();
    expect(acknowledgedFactOf(withSortKey("ACK#imc#read"))).toBeUndefined();
    expect(acknowledgedFactOf(withSortKey("ACK#no-such-unit#received"))).toBeUndefined();
    expect(acknowledgedFactOf(withSortKey("ACK#imc#received#more"))).toBeUndefined();
  });

  it("is found by a period's day queries, from the period's start included to its end excluded", () => {
    // Prepare
    const period = { from: new Date("2025-06-02T23:55:00Z"), to: new Date("2025-06-03T00:05:00Z") };
    const sortKeyAt = (at: string) =>
      acknowledgementMarkItem({ notificationId: ID, unit: "imc", status: "received" }, at, 1)[
        byReceivedDay.sortKey
      ]?.S ?? "";

    // Act
    const queries = dayIndexQueries("t", period, acknowledgedDayPartition);

    // Assess
    expect(queries.map((query) => query.ExpressionAttributeValues?.[":day"]?.S)).toEqual([
      "ACKNOWLEDGED#2025-06-02",
      "ACKNOWLEDGED#2025-06-03",
    ]);
    const [query] = queries;
    const from = query?.ExpressionAttributeValues?.[":from"]?.S ?? "";
    const to = query?.ExpressionAttributeValues?.[":to"]?.S ?? "";
    const found = (at: string) => sortKeyAt(at) >= from && sortKeyAt(at) <= to;
    expect(found("2025-06-02T23:55:00.000Z")).toBe(true);
    expect(found("2025-06-03T00:04:59.999Z")).toBe(true);
    expect(found("2025-06-03T00:05:00.000Z")).toBe(false);
    expect(found("2025-06-02T23:54:59.999Z")).toBe(false);
  });

  it("is never read as a notification: republish queries RECEIVED# partitions, the publish stream filter passes notification items only", () => {
    // Prepare
    const mark = acknowledgementMarkItem({ notificationId: ID, unit: "imc", status: "received" }, AT, 1);
    const inserted = (image: Record<string, unknown>) => ({
      eventName: "INSERT",
      dynamodb: { NewImage: image },
    });
    const ledgerItem = { ...receiptKey(ID, "imc"), notificationId: { S: ID }, unit: { S: "imc" } };
    const notificationItem = { pk: { S: "REC#kqp#1" }, sk: { S: notificationTable.notificationSortKey } };

    // Act
    const days = receivedIndexQueries("t", { from: new Date(AT), to: new Date("2025-06-03T01:00:00Z") }).map(
      (query) => query.ExpressionAttributeValues?.[":day"]?.S ?? "",
    );

    // Assess
    expect(days.every((day) => day.startsWith("RECEIVED#"))).toBe(true);
    expect(days).not.toContain(mark[byReceivedDay.partitionKey]?.S);
    expect(matchesEventPattern(publishEventSource.filterPattern, inserted(notificationItem))).toBe(true);
    expect(matchesEventPattern(publishEventSource.filterPattern, inserted(mark))).toBe(false);
    expect(matchesEventPattern(publishEventSource.filterPattern, inserted(ledgerItem))).toBe(false);
  });
});

describe("a receipt leaf", () => {
  it("is each fact as the ledger states it: the officer who stated it and when", () => {
    // Act
    const received = receiptLeaf(receipt, "received");
    const actioned = receiptLeaf(receipt, "actioned");

    // Assess
    expect(received).toEqual({
      type: "receipt",
      notificationId: ID,
      unit: "imc",
      officer: "a.tulegenov",
      status: "received",
      acknowledgedAt: "2025-06-02T09:00:00.000Z",
    });
    expect(actioned).toMatchObject({
      officer: "k.omarova",
      status: "actioned",
      acknowledgedAt: receipt.actioned?.at,
    });
    expect(actioned && leafTime(actioned)).toBe("2025-06-02T11:30:00.000Z");
  });

  it("is none for a fact the ledger does not state", () => {
    // Act and Assess
    expect(receiptLeaf({ ...receipt, actioned: undefined }, "actioned")).toBeUndefined();
  });

  it("keeps `received` and `actioned` apart when one acknowledgement stated both at once", () => {
    // Prepare: `actioned` first is received at the same instant
    const both: Receipt = { ...receipt, actioned: { ...receipt.received } };

    // Act
    const keys = (["received", "actioned"] as const).map((status) => {
      const leaf = receiptLeaf(both, status);
      return leaf && leafKey(leaf);
    });

    // Assess
    expect(keys).toEqual([
      `${ID}/receipt/imc/received/2025-06-02T09:00:00.000Z`,
      `${ID}/receipt/imc/actioned/2025-06-02T09:00:00.000Z`,
    ]);
  });
});
