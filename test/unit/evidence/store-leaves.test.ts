import { describe, expect, it } from "vitest";
import { hashLeaf, leafKey, leafTime } from "../../../shared/evidence/leaves.ts";
import { leavesOfStoredNotification, readStoredNotification } from "../../../shared/evidence/store-leaves.ts";
import { notificationWith } from "./sample-leaves.ts";

const ID = "01JX0000000000000000000000";
const RECEIVED = "2025-06-02T09:00:00.000Z";

describe("leaves of a stored notification", () => {
  it("are the notification as stored and its routing at its receipt", () => {
    // Prepare
    const notification = notificationWith(0, ID, RECEIVED);

    // Act
    const stored = readStoredNotification(JSON.stringify(notification));
    const leaves =
      stored === undefined ? [] : leavesOfStoredNotification(stored, { "expulsion.ordered": ["duty"] });

    // Assess
    expect(leaves.map(leafKey)).toEqual([`${ID}/notification`, `${ID}/routing/${RECEIVED}`]);
    expect(leaves.map(leafTime)).toEqual([RECEIVED, RECEIVED]);
    expect(leaves[1]).toMatchObject({
      kind: "expulsion.ordered",
      units: expect.arrayContaining(["duty", "imc"]),
    });
  });

  it("hash the same whatever order the stored JSON lists its members in", () => {
    // Prepare
    const notification = notificationWith(1, ID, RECEIVED);
    const reordered = Object.fromEntries(Object.entries(notification).reverse());

    // Act
    const [one, other] = [notification, reordered].map((value) => {
      const stored = readStoredNotification(JSON.stringify(value));
      return stored === undefined ? [] : leavesOfStoredNotification(stored, {}).map(hashLeaf);
    });

    // Assess
    expect(one).toHaveLength(2);
    expect(other).toEqual(one);
  });

  it("hash a changed field differently, and keep an unknown kind without a routing leaf", () => {
    // Prepare
    const notification = notificationWith(0, ID, RECEIVED);
    const [original] = leavesOfStoredNotification(notification, {});

    // Act
    const edited = readStoredNotification(JSON.stringify({ ...notification, kind: "no.such-kind" }));
    const leaves = edited === undefined ? [] : leavesOfStoredNotification(edited, {});

    // Assess
    expect(leaves.map(leafKey)).toEqual([`${ID}/notification`]);
    expect(leaves[0] && hashLeaf(leaves[0])).not.toBe(original && hashLeaf(original));
  });

  it.each([
    ["not JSON", "{"],
    ["not an object", "[1, 2]"],
    ["no id", JSON.stringify({ receivedAt: RECEIVED })],
    ["no time of receipt", JSON.stringify({ id: ID })],
  ])("are none when the stored text is %s", (_, text) => {
    expect(readStoredNotification(text)).toBeUndefined();
  });
});
