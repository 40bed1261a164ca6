/**
 * Which values of a webhook secret are keys: only `whsec_` + base64 of at least 24 bytes, under the
 * documented names. Anything else is ignored and reported by name, never by value.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import {
  createWebhookKeyring,
  keysOfSecret,
  WEBHOOK_KEY_NAMES,
} from "../../../shared/adapters/webhook-keyring.ts";
import { isWebhookKey } from "../../../shared/config.ts";

/** A key as the runbook and the local hub make them: `whsec_` + base64 of 32 random bytes. */
const keyOf = (bytes: number) => `whsec_${randomBytes(bytes).toString("base64")}`;

describe("isWebhookKey", () => {
  it.each([
    ["32 random bytes (the runbook's openssl rand -base64 32, the local hub's keys)", keyOf(32)],
    ["24 bytes, the shortest accepted", keyOf(24)],
    ["64 bytes", keyOf(64)],
  ])("accepts %s", (_, key) => {
    expect(isWebhookKey(key)).toBe(true);
  });

  it.each([
    ["a 4-byte value", "2025"],
    ["the same with the prefix", "whsec_MjAyNQ=="],
    ["23 bytes", keyOf(23)],
    ["a key without the prefix", keyOf(32).slice("whsec_".length)],
    ["a key with a line break pasted after it", `${keyOf(32)}\n`],
    ["a key with a space inside", `${keyOf(32).slice(0, 20)} ${keyOf(32).slice(20)}`],
    ["base64url instead of base64", `whsec_${"-_".repeat(22)}`],
    ["bad padding", `whsec_${"A".repeat(43)}`],
    ["the prefix alone", "whsec_"],
  ])("refuses %s", (_, value) => {
    expect(isWebhookKey(value)).toBe(false);
  });
});

describe("keysOfSecret", () => {
  it("uses the keys under `current` and `next`", () => {
    // Prepare
    const current = keyOf(32);
    const next = keyOf(32);

    // Act and Assess
    expect(WEBHOOK_KEY_NAMES).toEqual(["current", "next"]);
    expect(keysOfSecret({ current, next })).toEqual({ keys: [current, next], ignored: [] });
  });

  it("makes no key of any other string value: {rotatedAt: 2025} is ignored by name", () => {
    // Act and Assess
    expect(keysOfSecret({ rotatedAt: "2025" })).toEqual({ keys: [], ignored: ["rotatedAt"] });
  });

  it("ignores a valid key under an undocumented name, and a bad value under a documented one", () => {
    // Prepare
    const current = keyOf(32);

    // Act
    const { keys, ignored } = keysOfSecret({ current, previous: keyOf(32), next: "whsec_short" });

    // Assess
    expect(keys).toEqual([current]);
    expect(ignored).toEqual(["previous", "next"]);
  });

  it("ignores values that are no strings", () => {
    // Act and Assess
    expect(keysOfSecret({ current: 42, next: null, rotation: { at: "2025" } })).toEqual({
      keys: [],
      ignored: ["current", "next", "rotation"],
    });
  });

  it("never reports a name that could be a key or arbitrary text: those are named by position", () => {
    // Prepare: a key pasted as a name, and a name with spaces
    const pasted = keyOf(32);

    // Act
    const { ignored } = keysOfSecret({ current: keyOf(32), [pasted]: "", "Иванов 900314300125": "x" });

    // Assess
    expect(ignored).toEqual(["entry 2", "entry 3"]);
  });

  it.each([
    ["a JSON string", "whsec_AAAA"],
    ["an array", [keyOf(32)]],
    ["null", null],
  ])("ignores a secret that is %s as a whole", (_, secret) => {
    expect(keysOfSecret(secret)).toEqual({ keys: [], ignored: ["(secret is not a JSON object)"] });
  });
});

describe("createWebhookKeyring", () => {
  it("applies the same rule to inline keys, reporting the ignored ones by position", async () => {
    // Prepare
    const good = keyOf(32);
    const onIgnoredKeys = vi.fn();
    const keyring = createWebhookKeyring(
      { kind: "inline", keys: { kqp: ["whsec_MjAyNQ==", good] } },
      { onIgnoredKeys },
    );

    // Act
    const keys = await keyring.keysFor("kqp");

    // Assess
    expect(keys).toEqual([good]);
    expect(onIgnoredKeys).toHaveBeenCalledExactlyOnceWith("kqp", ["entry 1"]);
  });

  it("reports nothing when every key is usable, and nothing for a source without keys", async () => {
    // Prepare
    const onIgnoredKeys = vi.fn();
    const keyring = createWebhookKeyring({ kind: "inline", keys: { kqp: [keyOf(32)] } }, { onIgnoredKeys });

    // Act
    await keyring.keysFor("kqp");
    await keyring.keysFor("bil");

    // Assess
    expect(onIgnoredKeys).not.toHaveBeenCalled();
  });
});
