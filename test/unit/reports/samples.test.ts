/**
 * The samples (samples/reports/<kind>.json): one per unit-report kind, each valid, each mapped to
 * exactly its kind with the persons and match keys a feed person would get, accepted by the
 * canonical notification schema and by its region's deployment.
 */
import { describe, expect, it } from "vitest";
import {
  deploymentOfRegion,
  isRegionCode,
  kinds,
  type UnitReportKindId,
  unitReportKindIds,
} from "../../../shared/domain/catalogue/index.ts";
import { checkJurisdiction } from "../../../shared/domain/jurisdiction.ts";
import {
  type CanonicalNotification,
  canonicalNotificationSchema,
  type PersonRole,
} from "../../../shared/domain/notification.ts";
import { mapReportRequest } from "../../../shared/reports/index.ts";
import {
  callerOf,
  loadSample,
  RECEIVED_AT,
  reportContext,
  sampleNames,
  sampleReport,
  unitOf,
} from "./support.ts";

/** Role, Latin match key, IIN and citizenship of each person the sample names, in order. */
type ExpectedPerson = [PersonRole, string, string | null, string | null];

interface Expected {
  readonly persons: ExpectedPerson[];
  /** Role and BIN of the subject's organisation, when there is one. */
  readonly organisation?: [PersonRole, string];
}

const expected: Record<UnitReportKindId, Expected> = {
  "labour.migrant-location": {
    persons: [
      ["subject", "RAKHIMOV SHERZOD ALISHEROVICH", null, "UZB"],
      ["subject", "NAZAROV FARRUKH", null, "TJK"],
    ],
    organisation: ["provider", "140840012347"],
  },
  "labour.illegal-employment": {
    persons: [
      ["subject", "TOSHMATOV BEKZOD", null, "UZB"],
      ["subject", "IULDASHEV OTABEK", null, "UZB"],
      ["employer", "SEITKALI ERZHAN BOLATOVICH", "850615300416", "KAZ"],
      ["employer-contact", "KIM VIKTOR", null, "KAZ"],
    ],
  },
  "provider.housing-or-job": {
    persons: [
      ["provider", "ABDULLAEVA GULNARA MARATOVNA", "781120400578", "KAZ"],
      ["subject", "MAMYTOV BAKYT", null, "KGZ"],
    ],
  },
  "provider.migrant-transport": {
    persons: [
      ["carrier", "ZHUMABEKOV NURLAN", "880218300156", "KAZ"],
      ["subject", "KARIMOV ULUGBEK", null, "UZB"],
    ],
    organisation: ["carrier", "191240045670"],
  },
  "citizenship.dual": { persons: [["subject", "IVANOVA OLGA SERGEEVNA", "690924400230", "KAZ"]] },
  "prisoner.offence": {
    persons: [
      ["subject", "ALIEV RUSTAM ELDAROVICH", null, "AZE"],
      ["other", "ALIEV ELCHIN", null, "AZE"],
    ],
  },
  "prisoner.expulsion-due": { persons: [["subject", "KHASANOV ZHAKHONGIR", null, "UZB"]] },
  "prisoner.released": { persons: [["subject", "OMOROV AZAMAT", null, "KGZ"]] },
  "foreigner.incident": {
    persons: [
      ["victim", "CHEN LI", null, "CHN"],
      ["other", "OMAROVA DINARA", "820405400782", "KAZ"],
    ],
  },
  "foreigner.undocumented": { persons: [["subject", "AKHMEDOV FARKHOD", null, "TJK"]] },
  "foreigner.detained": { persons: [["subject", "MENSAH KWAME", null, "GHA"]] },
  "foreigner.sudden-death": { persons: [["subject", "SAFAROV ILKHOM", null, "TJK"]] },
  "channel.identified": {
    persons: [
      ["organiser", "TURSUNOV BAKHROM", null, "UZB"],
      ["carrier", "ESENOV MURAT", "880218300156", "KAZ"],
    ],
    organisation: ["organiser", "070510003219"],
  },
};

function mapSample(kind: UnitReportKindId): CanonicalNotification {
  const mapping = mapReportRequest(loadSample(kind), reportContext(unitOf(kind)));
  if (!mapping.ok) throw new Error(`${kind}: ${JSON.stringify(mapping)}`);
  expect(mapping.reports).toHaveLength(1);
  const [mapped] = mapping.reports;
  if (mapped === undefined) throw new Error("no report");
  return mapped.notification;
}

describe("report samples", () => {
  it("has exactly one sample per unit-report kind", () => {
    expect(sampleNames()).toEqual([...unitReportKindIds].sort());
  });

  it.each(unitReportKindIds)("%s maps to exactly its kind, filed by its unit", (kind) => {
    // Prepare
    const report = sampleReport(kind);
    const unit = unitOf(kind);

    // Act
    const notification = mapSample(kind);

    // Assess
    expect(notification.kind).toBe(kind);
    expect(notification.source).toBe("units");
    expect(notification.upstream).toEqual({ system: unit, recordId: report.reportId, recordType: kind });
    expect("filedBy" in notification && notification.filedBy).toEqual(callerOf(unit));
    expect(notification.articles).toEqual(kinds[kind].articles);
    expect(notification.receivedAt).toBe(RECEIVED_AT.toISOString());
  });

  it.each(unitReportKindIds)(
    "%s gives its persons the roles and match keys of the canonical person",
    (kind) => {
      // Act
      const { subject } = mapSample(kind);

      // Assess
      const persons = subject.persons.map((p) => [
        p.role,
        p.name.latin,
        p.iin ?? null,
        p.citizenship ?? null,
      ]);
      expect(persons).toEqual(expected[kind].persons);
      const organisation = subject.organisation && [subject.organisation.role, subject.organisation.bin];
      expect(organisation).toEqual(expected[kind].organisation);
    },
  );

  it.each(unitReportKindIds)("%s is a valid canonical notification", (kind) => {
    // Act
    const result = canonicalNotificationSchema.safeParse(mapSample(kind));

    // Assess
    expect(result.error?.issues).toBeUndefined();
  });

  it.each(unitReportKindIds)("%s is accepted by its region's deployment", (kind) => {
    // Prepare
    const { region } = sampleReport(kind);
    if (!isRegionCode(region)) throw new Error("every sample names its region");
    const deployment = deploymentOfRegion(region);

    // Act
    const notification = mapSample(kind);

    // Assess
    expect(checkJurisdiction(notification, deployment, 0, "reports")).toBeUndefined();
  });
});

describe("report mapping", () => {
  it("reads a time without an offset in the region's zone, and keeps the documents of a dual citizen", () => {
    // Prepare
    const body = loadSample("citizenship.dual");
    const [report] = body.reports as Array<{ occurredAt: string }>;
    if (report === undefined) throw new Error("no report");
    report.occurredAt = "2025-05-28T14:00:00";

    // Act
    const mapping = mapReportRequest(body, reportContext("admin-police"));

    // Assess
    const notification = mapping.ok ? mapping.reports[0]?.notification : undefined;
    expect(notification?.occurredAt).toBe("2025-05-28T09:00:00.000Z");
    expect(
      notification?.subject.persons[0]?.documents.map((d) => [d.type, d.number, d.issuingCountry]),
    ).toEqual([
      ["id-card", "045678912", "KAZ"],
      ["passport", "751234567", "RUS"],
    ]);
  });

  it("stores filedBy in the canonical schema only as the IAM caller gives it", () => {
    // Prepare
    const notification = mapSample("foreigner.detained");
    const officer = { ...notification, filedBy: { ...callerOf("duty"), officer: "free text from a body" } };
    const principal = { ...notification, filedBy: { ...callerOf("duty"), principal: "duty" } };

    // Act
    const results = [officer, principal].map((n) => canonicalNotificationSchema.safeParse(n).success);

    // Assess
    expect(results).toEqual([false, false]);
  });

  it("lists every organisation of a channel in its facts, the first also in the subject", () => {
    // Act
    const notification = mapSample("channel.identified");

    // Assess
    expect(notification.kind === "channel.identified" && notification.facts.organisations).toEqual([
      notification.subject.organisation,
    ]);
  });

  it("maps several reports of one unit in one request, in order", () => {
    // Prepare
    const adminPolice = unitReportKindIds.filter((kind) => unitOf(kind) === "admin-police");
    const body = { reports: adminPolice.map(sampleReport) };

    // Act
    const mapping = mapReportRequest(body, reportContext("admin-police"));

    // Assess
    expect(mapping.ok && mapping.reports.map((r) => r.notification.kind)).toEqual(adminPolice);
    expect(mapping.ok && new Set(mapping.reports.map((r) => r.notification.id)).size).toBe(
      adminPolice.length,
    );
  });
});
