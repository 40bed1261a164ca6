import { describe, expect, it } from "vitest";
import { receivedIndexQueries } from "../../../shared/adapters/dynamodb/received-notifications.ts";
import { notificationTable } from "../../../shared/wiring/notification-table.ts";

const index = notificationTable.indexes.byReceivedDay;
const period = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });
const dayOf = (query: ReturnType<typeof receivedIndexQueries>[number]) =>
  query.ExpressionAttributeValues?.[":day"]?.S;

describe("receivedIndexQueries", () => {
  it("queries the received-per-day index, one UTC day partition after the other", () => {
    // Act
    const queries = receivedIndexQueries(
      "notifications",
      period("2026-11-29T22:00:00Z", "2026-12-01T03:00:00Z"),
    );

    // Assess
    expect(queries.map(dayOf)).toEqual(["RECEIVED#2026-11-29", "RECEIVED#2026-11-30", "RECEIVED#2026-12-01"]);
    for (const query of queries) {
      expect(query).toMatchObject({ TableName: "notifications", IndexName: index.indexName });
      expect(query.ExpressionAttributeNames).toEqual({ "#day": index.partitionKey, "#sort": index.sortKey });
    }
  });

  it("bounds the sort key by the period: its start included, its end excluded", () => {
    // Act
    const [query] = receivedIndexQueries(
      "notifications",
      period("2026-11-29T10:00:00Z", "2026-11-29T11:00:00Z"),
    );

    // Assess
    expect(query?.KeyConditionExpression).toBe("#day = :day AND #sort BETWEEN :from AND :to");
    const from = query?.ExpressionAttributeValues?.[":from"]?.S ?? "";
    const to = query?.ExpressionAttributeValues?.[":to"]?.S ?? "";
    const sortKey = (receivedAt: string) => `${receivedAt}#01KB0000000000000000000000`;
    const within = (key: string) => key >= from && key <= to;
    expect(within(sortKey("2026-11-29T10:00:00.000Z"))).toBe(true);
    expect(within(sortKey("2026-11-29T10:59:59.999Z"))).toBe(true);
    expect(within(sortKey("2026-11-29T11:00:00.000Z"))).toBe(false);
    expect(within(sortKey("2026-11-29T09:59:59.999Z"))).toBe(false);
  });

  it("queries a day once for a period within it, and the day a period starting at midnight starts", () => {
    // Act and Assess
    expect(
      receivedIndexQueries("t", period("2026-11-29T00:00:00Z", "2026-11-30T00:00:00Z")).map(dayOf),
    ).toEqual(["RECEIVED#2026-11-29"]);
  });

  it("filters by kind on the projected kind when asked", () => {
    // Act
    const [query] = receivedIndexQueries("t", period("2026-11-29", "2026-11-30"), "stay.overstay");

    // Assess
    expect(query?.FilterExpression).toBe("#kind = :kind");
    expect(query?.ExpressionAttributeNames?.["#kind"]).toBe("kind");
    expect(query?.ExpressionAttributeValues?.[":kind"]).toEqual({ S: "stay.overstay" });
    expect(index.projected).toContain("kind");
  });

  it.each([
    ["an empty period", "2026-11-29T10:00:00Z", "2026-11-29T10:00:00Z"],
    ["a period that ends before it starts", "2026-11-30", "2026-11-29"],
    ["a time that is none", "yesterday", "2026-11-29"],
  ])("refuses %s", (_, from, to) => {
    // Act and Assess
    expect(() => receivedIndexQueries("t", period(from, to))).toThrow(RangeError);
  });
});
