import { describe, expect, it } from "vitest";
import { newNotificationId } from "../../shared/ids.ts";

describe("notification ids", () => {
  it("are ULIDs, unique and strictly increasing within a process", () => {
    const ids = Array.from({ length: 10_000 }, () => newNotificationId());

    for (const id of ids) expect(id).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
