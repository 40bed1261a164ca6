import { describe, expect, it } from "vitest";
import {
  CREATION_TIME_RESOLUTION_SECONDS,
  isPastMaxRecordAge,
  startStreamPoller,
} from "../../../local/stream-poller.ts";
import { publishEventSource } from "../../../shared/wiring/stream-mapping.ts";

describe("the local stream poller's age limit", () => {
  // DynamoDB Local floors creation times to the minute: a record stamped 10:00:00 was created 10:00:00–10:00:59.
  const stamped = Date.parse("2026-11-29T10:00:00Z") / 1000;

  it("gives a record up only once it is surely past the limit, even if created at the end of its minute", () => {
    // Act and Assess
    expect(isPastMaxRecordAge(stamped, stamped + 60 + 119, 120)).toBe(false);
    expect(isPastMaxRecordAge(stamped, stamped + 60 + 120, 120)).toBe(true);
  });

  it.each([5, 59])(
    "refuses a limit of %i s, which a minute-floored timestamp cannot judge",
    async (seconds) => {
      // Act and Assess: refused before it reaches for DynamoDB Local
      await expect(
        startStreamPoller({
          endpoint: "http://127.0.0.1:9",
          region: "eu-central-1",
          tableName: "t",
          handler: async () => undefined,
          onFailure: async () => {},
          settings: { ...publishEventSource, maxRecordAgeSeconds: seconds },
        }),
      ).rejects.toThrow(`below ${CREATION_TIME_RESOLUTION_SECONDS} s cannot be judged`);
    },
  );
});
