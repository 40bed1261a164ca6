import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { feedSourceIds, kinds, kindsOfFeed, kindTexts } from "../../../shared/domain/catalogue/index.ts";
import {
  canonicalNotificationSchema,
  NOTIFICATION_SCHEMA_VERSION,
} from "../../../shared/domain/notification.ts";
import { mapFeedRequest } from "../../../shared/sources/index.ts";
import { kindsOfTable } from "../../../shared/sources/kit/record-kinds.ts";
import { recordKindTables } from "../../../shared/sources/record-kinds.ts";
import {
  feedKindFixtures,
  firstRecord,
  fixtureNames,
  fixturePath,
  loadFixture,
  mapContext,
  RECEIVED_AT,
  recordsOf,
} from "./support.ts";

describe("feed fixtures", () => {
  it("exist for every feed kind of the catalogue", () => {
    // Prepare
    const expected = feedKindFixtures.map(({ kind, source }) => fixturePath(source, kind));

    // Act
    const missing = expected.filter((path) => !existsSync(path));

    // Assess
    expect(feedKindFixtures.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it.each(feedKindFixtures)(
    "$source: the fixture of $kind maps to exactly one valid notification of that kind",
    ({ kind, source }) => {
      // Prepare
      const body = loadFixture(source, kind);
      const sent = firstRecord(body);
      const context = mapContext();

      // Act
      const mapping = mapFeedRequest(source, body, context);

      // Assess
      expect(mapping).toMatchObject({ ok: true });
      if (!mapping.ok) return;
      expect(mapping.records).toHaveLength(1);
      const [mapped] = mapping.records;
      const notification = mapped?.notification;
      expect(mapped?.recordId).toBe(sent.recordId);
      expect(notification?.kind).toBe(kind);
      const parsed = canonicalNotificationSchema.safeParse(notification);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(parsed.data).toEqual(notification);
      expect(notification).toMatchObject({
        schemaVersion: NOTIFICATION_SCHEMA_VERSION,
        source,
        deployment: "almaty",
        region: "KZ-75",
        receivedAt: RECEIVED_AT.toISOString(),
        articles: [...kinds[kind].articles],
        title: kindTexts[kind].title,
        upstream: { system: source, recordId: sent.recordId, recordType: sent.recordType },
      });
      const subject = notification?.subject;
      expect((subject?.persons.length ?? 0) > 0 || subject?.organisation !== undefined).toBe(true);
    },
  );

  it.each(feedSourceIds)("%s: the multi-record fixture maps every record, in order", (source) => {
    // Prepare
    const body = loadFixture(source, "multi-record");

    // Act
    const mapping = mapFeedRequest(source, body, mapContext());

    // Assess
    expect(mapping.ok).toBe(true);
    if (!mapping.ok) return;
    expect(mapping.records.map((r) => r.recordId)).toEqual(recordsOf(body).map((r) => r.recordId));
    for (const { notification } of mapping.records) {
      expect(canonicalNotificationSchema.safeParse(notification).success).toBe(true);
    }
    const ids = mapping.records.map((r) => r.notification.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(feedSourceIds)(
    "%s: every fixture file is a feed kind of this source or a multi-record body",
    (source) => {
      // Prepare
      const allowed = new Set<string>([...kindsOfFeed(source), "multi-record"]);

      // Act
      const unexpected = fixtureNames(source).filter((name) => !allowed.has(name));

      // Assess
      expect(unexpected).toEqual([]);
    },
  );
});

describe("record type → kind tables", () => {
  it.each(feedSourceIds)("%s: yield exactly the source's kinds of the catalogue", (source) => {
    // Prepare
    const table = recordKindTables[source];

    // Act
    const yielded = kindsOfTable(table);

    // Assess
    expect(new Set(yielded)).toEqual(new Set(kindsOfFeed(source)));
  });

  it.each(feedSourceIds)("%s: give each kind one record type (one place of mapping)", (source) => {
    // Prepare
    const table = recordKindTables[source];

    // Act
    const recordTypesPerKind = new Map<string, Set<string>>();
    for (const [recordType, rule] of Object.entries(table)) {
      const yielded = typeof rule === "string" ? [rule] : Object.values(rule.kinds);
      for (const kind of yielded) {
        recordTypesPerKind.set(kind, (recordTypesPerKind.get(kind) ?? new Set()).add(recordType));
      }
    }

    // Assess
    for (const [kind, recordTypes] of recordTypesPerKind) expect([...recordTypes], kind).toHaveLength(1);
  });
});
