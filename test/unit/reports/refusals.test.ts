/**
 * What `mapReportRequest` refuses, and how: field errors at JSON pointers with stable codes (the edge
 * answers 422), or the reports of kinds the calling unit does not file (403).
 */
import { describe, expect, it } from "vitest";
import {
  type DeploymentId,
  filingUnitOf,
  kindsFiledBy,
  type UnitId,
  type UnitReportKindId,
  unitIds,
  unitReportKindIds,
} from "../../../shared/domain/catalogue/index.ts";
import { checkJurisdiction } from "../../../shared/domain/jurisdiction.ts";
import { mapReportRequest, type ReportMapping } from "../../../shared/reports/index.ts";
import { type Json, type JsonObject, setAt } from "../sources/support.ts";
import { reportContext, sampleReport, unitOf } from "./support.ts";

/** Edits of a report: JSON pointer (relative to the report) → new value, `undefined` to delete. */
type Edits = Record<string, Json | undefined>;

function edited(kind: UnitReportKindId, edits: Edits = {}): JsonObject {
  const report = sampleReport(kind);
  for (const [pointer, value] of Object.entries(edits)) setAt(report, pointer, value);
  return report;
}

function pathsAndCodes(mapping: ReportMapping): Array<[string, string]> {
  if (mapping.ok) return [];
  const errors = mapping.reason === "invalid" ? mapping.errors : mapping.forbidden;
  return errors.map((error) => [error.path, error.code]);
}

function mapReports(reports: Json[], unit: UnitId, deployment?: DeploymentId): ReportMapping {
  return mapReportRequest({ reports }, reportContext(unit, deployment));
}

/** The refusal of one edited sample, filed by its own unit: [path relative to the report, code]. */
function refusalOf(kind: UnitReportKindId, edits: Edits): Array<[string, string]> {
  const mapping = mapReports([edited(kind, edits)], unitOf(kind));
  expect(mapping.ok || mapping.reason).toBe("invalid");
  return pathsAndCodes(mapping).map(([path, code]) => [path.replace(/^\/reports\/0/, ""), code]);
}

/** Per kind: a required fact left out, and a person's IIN with a wrong check digit. */
const perKind: Record<UnitReportKindId, { missing: string; badIin: string }> = {
  "labour.migrant-location": { missing: "/site/address", badIin: "/migrants/0/iin" },
  "labour.illegal-employment": {
    missing: "/repeatedWithinYear",
    badIin: "/employer/iin",
  },
  "provider.housing-or-job": { missing: "/provider/surname", badIin: "/provider/iin" },
  "provider.migrant-transport": { missing: "/transport/mode", badIin: "/driver/iin" },
  "citizenship.dual": { missing: "/person/iin", badIin: "/person/iin" },
  "prisoner.offence": { missing: "/summary", badIin: "/prisoner/iin" },
  "prisoner.expulsion-due": { missing: "/releaseDate", badIin: "/prisoner/iin" },
  "prisoner.released": { missing: "/releaseGround", badIin: "/prisoner/iin" },
  "foreigner.incident": { missing: "/summary", badIin: "/persons/1/iin" },
  "foreigner.undocumented": { missing: "/broughtTo", badIin: "/person/iin" },
  "foreigner.detained": { missing: "/heldAt", badIin: "/person/iin" },
  "foreigner.sudden-death": { missing: "/identityConfirmed", badIin: "/deceased/iin" },
  "channel.identified": { missing: "/channelType", badIin: "/carriers/0/iin" },
};

describe("refusals of each kind", () => {
  it.each(unitReportKindIds)("%s: a required fact left out", (kind) => {
    // Prepare
    const pointer = perKind[kind].missing;

    // Act
    const refusal = refusalOf(kind, { [pointer]: undefined });

    // Assess
    expect(refusal).toEqual([[pointer, "contract.required"]]);
  });

  it.each(unitReportKindIds)("%s: an IIN with a wrong check digit", (kind) => {
    // Prepare
    const pointer = perKind[kind].badIin;

    // Act
    const refusal = refusalOf(kind, { [pointer]: "850615300417" });

    // Assess
    expect(refusal).toEqual([[pointer, "iin.checksum"]]);
  });

  it.each(unitReportKindIds)("%s: a field the contract does not define", (kind) => {
    // Act
    const refusal = refusalOf(kind, { "/filedBy": "someone else" });

    // Assess
    expect(refusal).toEqual([["", "contract.unknown-field"]]);
  });

  it.each(unitReportKindIds)("%s: a time in the future of the hub's clock", (kind) => {
    // Act
    const refusal = refusalOf(kind, { "/occurredAt": "2025-06-02T15:00:00+05:00" });

    // Assess
    expect(refusal).toEqual([["/occurredAt", "time.future"]]);
  });

  it.each(unitReportKindIds)("%s: filed by a unit that files other kinds", (kind) => {
    for (const unit of unitIds.filter((id) => id !== filingUnitOf(kind))) {
      // Act
      const mapping = mapReports([sampleReport(kind)], unit);

      // Assess
      expect(mapping).toEqual({
        ok: false,
        reason: "forbidden",
        forbidden: [
          {
            path: "/reports/0/kind",
            code: "report.kind-forbidden",
            message: expect.stringContaining(`\`${filingUnitOf(kind)}\` does`),
            kind,
            filingUnit: filingUnitOf(kind),
          },
        ],
      });
    }
  });
});

/** A report edited so that only a check across its fields fails: kind, edits, path, code. */
const crossFieldCases: Array<[UnitReportKindId, Edits, string, string]> = [
  ["labour.migrant-location", { "/estimatedMigrants": 1 }, "/estimatedMigrants", "count.below-listed"],
  ["labour.illegal-employment", { "/workersCount": 1 }, "/workersCount", "count.below-listed"],
  [
    "citizenship.dual",
    { "/otherCitizenship": "Казахстан", "/foreignDocument": undefined },
    "/otherCitizenship",
    "citizenship.same",
  ],
  [
    "citizenship.dual",
    { "/foreignDocument/issuingCountry": "UZ" },
    "/foreignDocument/issuingCountry",
    "document.country-mismatch",
  ],
  ["citizenship.dual", { "/person/birthDate": "1969-09-25" }, "/person/iin", "iin.mismatch"],
  [
    "provider.housing-or-job",
    { "/housingAddress": undefined, "/workAddress": undefined },
    "/housingAddress",
    "contract.required",
  ],
  ["foreigner.sudden-death", { "/place": {} }, "/place", "place.empty"],
  [
    "channel.identified",
    { "/organisers": undefined, "/carriers": undefined },
    "/organisers",
    "contract.required",
  ],
  ["foreigner.detained", { "/region": null }, "/region", "region.required"],
  ["prisoner.offence", { "/accomplices": [] }, "/accomplices", "contract.size"],
];

describe("checks across fields", () => {
  it.each(crossFieldCases)("%s %j is refused at %s with %s", (kind, edits, path, code) => {
    expect(refusalOf(kind, edits)).toEqual([[path, code]]);
  });

  it("accepts region null for a transport-related report", () => {
    // Prepare
    const report = edited("provider.migrant-transport", { "/region": null });

    // Act
    const mapping = mapReports([report], "admin-police", "transport");

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([]);
    expect(mapping.ok && mapping.reports[0]?.notification.region).toBeNull();
  });
});

describe("report kinds", () => {
  it.each([
    ["labour.unknown", "report.kind-unknown"],
    ["stay.overstay", "report.kind-unknown"],
    ["LABOUR.MIGRANT-LOCATION", "report.kind-unknown"],
    [42, "report.kind-unknown"],
    [null, "report.kind-unknown"],
  ] as const)("refuses kind %j as %s", (kind, code) => {
    // Prepare
    const report = { ...sampleReport("labour.migrant-location"), kind };

    // Act
    const mapping = mapReports([report], "admin-police");

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([["/reports/0/kind", code]]);
  });

  it("asks for a kind that is missing, and for an object where a report is not one", () => {
    // Prepare
    const { kind: _, ...withoutKind } = sampleReport("labour.migrant-location");

    // Act
    const mapping = mapReports([withoutKind, "report", [1]], "admin-police");

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([
      ["/reports/0/kind", "contract.required"],
      ["/reports/1", "contract.type"],
      ["/reports/2", "contract.type"],
    ]);
  });

  it("answers forbidden whatever else is wrong, listing every forbidden report", () => {
    // Prepare
    const reports = [
      sampleReport("foreigner.detained"),
      edited("labour.illegal-employment", { "/employer/iin": "1" }),
      { kind: "nonsense" },
      sampleReport("channel.identified"),
    ];

    // Act
    const mapping = mapReports(reports, "duty");

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([
      ["/reports/1/kind", "report.kind-forbidden"],
      ["/reports/3/kind", "report.kind-forbidden"],
    ]);
  });

  it.each(unitIds.filter((unit) => kindsFiledBy(unit).length === 0))(
    "%s files no report kind at all",
    (unit) => {
      // Act
      const mapping = mapReports([sampleReport("foreigner.incident")], unit);

      // Assess
      expect(mapping.ok || mapping.reason).toBe("forbidden");
    },
  );
});

describe("reports request envelope", () => {
  it("refuses a request with no report", () => {
    expect(pathsAndCodes(mapReports([], "duty"))).toEqual([["/reports", "reports.empty"]]);
  });

  it("refuses a request with 101 reports, and accepts 100", () => {
    // Prepare
    const copies = (count: number) =>
      Array.from({ length: count }, (_, index) =>
        edited("foreigner.detained", { "/reportId": `D-${index}` }),
      );

    // Act
    const tooMany = mapReports(copies(101), "duty");
    const hundred = mapReports(copies(100), "duty");

    // Assess
    expect(pathsAndCodes(tooMany)).toEqual([["/reports", "reports.too-many"]]);
    expect(hundred.ok && hundred.reports.length).toBe(100);
  });

  it("refuses a reportId repeated within one request, at each repetition", () => {
    // Prepare
    const report = sampleReport("foreigner.detained");

    // Act
    const mapping = mapReports([report, { ...report, reportId: "other" }, report], "duty");

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([["/reports/2/reportId", "reports.duplicate-id"]]);
  });

  it.each([
    [null, "", "contract.type"],
    [[], "", "contract.type"],
    [{}, "/reports", "contract.required"],
    [{ reports: {} }, "/reports", "contract.type"],
  ] as const)("refuses the body %j", (body, path, code) => {
    expect(pathsAndCodes(mapReportRequest(body, reportContext("duty")))).toEqual([[path, code]]);
  });

  it("refuses a field the envelope does not define, without reading the reports differently", () => {
    // Act
    const mapping = mapReportRequest(
      { contractVersion: "1", reports: [sampleReport("foreigner.detained")] },
      reportContext("duty"),
    );

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([["", "contract.unknown-field"]]);
  });
});

describe("jurisdiction of reports", () => {
  it("names the report and the deployment that may accept it", () => {
    // Prepare
    const mapping = mapReports([sampleReport("foreigner.detained")], "duty", "astana");
    const notification = mapping.ok ? mapping.reports[0]?.notification : undefined;
    if (notification === undefined) throw new Error("not mapped");

    // Act
    const problem = checkJurisdiction(notification, "astana", 3, "reports");

    // Assess
    expect(problem).toEqual({
      path: "/reports/3/region",
      code: "region.mismatch",
      message: "This record happened in Almaty (KZ-75): send it to the `almaty` deployment.",
    });
  });

  it("lets the transport deployment take only transport-related reports", () => {
    // Prepare
    const transport = mapReports([sampleReport("provider.migrant-transport")], "admin-police", "transport");
    const detained = mapReports([sampleReport("foreigner.detained")], "duty", "transport");
    const [onBus, notOnTransport] = [transport, detained].map((m) =>
      m.ok ? m.reports[0]?.notification : undefined,
    );
    if (onBus === undefined || notOnTransport === undefined) throw new Error("not mapped");

    // Act
    const accepted = checkJurisdiction(onBus, "transport", 0, "reports");
    const refused = checkJurisdiction(notOnTransport, "transport", 0, "reports");

    // Assess
    expect(accepted).toBeUndefined();
    expect(refused?.path).toBe("/reports/0/place");
  });
});
