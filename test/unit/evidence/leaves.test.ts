import { describe, expect, it } from "vitest";
import { subscribersOf } from "../../../shared/domain/catalogue/index.ts";
import {
  hashLeaf,
  leafKey,
  leafTime,
  notificationLeaf,
  parseLeafKey,
  type ReceiptLeaf,
  routingLeaf,
} from "../../../shared/evidence/leaves.ts";
import { leavesOfOne, notificationWith } from "./sample-leaves.ts";

const ID = "01JX0000000000000000000000";

describe("evidence leaves", () => {
  it("routes a notification to its kind's subscribers and the deployment's extras, sorted", () => {
    // Prepare
    const notification = notificationWith(0, ID, "2025-06-02T09:00:00.000Z");

    // Act
    const leaf = routingLeaf(
      notification,
      { "expulsion.ordered": ["criminal-police", "imc"] },
      "2025-06-02T09:00:01.000Z",
    );

    // Assess
    expect(notification.kind).toBe("expulsion.ordered");
    expect(subscribersOf("expulsion.ordered")).toEqual(["imc", "admin-police", "transport-police"]);
    expect(leaf.units).toEqual(["admin-police", "criminal-police", "imc", "transport-police"]);
    expect(leaf).toMatchObject({ type: "routing", notificationId: ID, kind: "expulsion.ordered" });
  });

  it("keys each leaf by notification id first, then its type and what tells its kind apart", () => {
    // Act
    const keys = leavesOfOne(0, ID, 0).map(leafKey);

    // Assess
    expect(keys).toEqual([
      `${ID}/notification`,
      `${ID}/routing/2025-06-02T09:00:00.001Z`,
      `${ID}/receipt/imc/received/2025-06-02T09:00:00.002Z`,
    ]);
    expect(keys.map(parseLeafKey)).toEqual([
      { notificationId: ID, type: "notification" },
      { notificationId: ID, type: "routing" },
      { notificationId: ID, type: "receipt" },
    ]);
    expect(parseLeafKey(`${ID}/audit`)).toBeUndefined();
  });

  it("places each leaf in time: receipt by the hub, publication, acknowledgement", () => {
    // Act
    const leaves = leavesOfOne(1, ID, 1_000);

    // Assess
    expect(leaves.map(leafTime)).toEqual([
      "2025-06-02T09:00:01.000Z",
      "2025-06-02T09:00:01.001Z",
      "2025-06-02T09:00:01.002Z",
    ]);
  });

  it("hashes SHA-256(0x00 ‖ RFC 8785 text), whatever the order of the leaf's members", () => {
    // Prepare: the same receipt written with its members in two orders
    const receipt: ReceiptLeaf = {
      type: "receipt",
      notificationId: ID,
      unit: "imc",
      officer: "a.officer",
      status: "received",
      acknowledgedAt: "2025-06-02T09:00:00.000Z",
    };
    const reordered: ReceiptLeaf = {
      acknowledgedAt: receipt.acknowledgedAt,
      status: receipt.status,
      officer: receipt.officer,
      unit: receipt.unit,
      notificationId: receipt.notificationId,
      type: "receipt",
    };

    // Act
    const hash = hashLeaf(receipt);

    // Assess: the value is `printf "\\x00{\"acknowledgedAt\":…}" | sha256sum` of the canonical text
    expect(hashLeaf(reordered)).toBe(hash);
    expect(hash).toBe("9e6a6e4ef5498c24ad09c5ece3cdb52868024e484abc2ae59ffe8de414c56432");
  });

  it("tells a notification leaf from any other leaf of the same notification", () => {
    // Prepare
    const notification = notificationWith(0, ID, "2025-06-02T09:00:00.000Z");

    // Act
    const hashes = new Set(leavesOfOne(0, ID, 0).map(hashLeaf));

    // Assess
    expect(hashes.size).toBe(3);
    expect(hashLeaf(notificationLeaf(notification))).toMatch(/^[0-9a-f]{64}$/);
  });
});
