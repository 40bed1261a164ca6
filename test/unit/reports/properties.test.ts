/**
 * Property tests of `mapReportRequest`, for every report contract: it never throws, whatever the body
 * and whichever unit calls; every notification it gives is a valid canonical notification; and a valid
 * sample with one leaf broken is refused at that leaf, without the messages repeating what was sent.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { unitIds, unitReportKindIds } from "../../../shared/domain/catalogue/index.ts";
import { canonicalNotificationSchema } from "../../../shared/domain/notification.ts";
import { mapReportRequest, type ReportMapping, reportsBodySchema } from "../../../shared/reports/index.ts";
import { allows, ContractSchema, echoes, leavesOf, mutations } from "../sources/contract-properties.ts";
import { type Json, setAt, valueAt } from "../sources/support.ts";
import { loadSample, reportContext, sampleReport, unitOf } from "./support.ts";

const NUM_RUNS = 500;

function assertWellFormed(mapping: ReportMapping): void {
  if (mapping.ok) {
    expect(mapping.reports.length).toBeGreaterThan(0);
    for (const { notification } of mapping.reports) {
      expect(canonicalNotificationSchema.safeParse(notification).error?.issues).toBeUndefined();
    }
    return;
  }
  const errors = mapping.reason === "invalid" ? mapping.errors : mapping.forbidden;
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(error.path === "" || error.path.startsWith("/")).toBe(true);
    expect(error.code).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
    expect(error.message.length).toBeGreaterThan(0);
  }
  if (mapping.reason === "forbidden") {
    for (const forbidden of mapping.forbidden) expect(forbidden.path).toMatch(/^\/reports\/\d+\/kind$/);
  }
}

const units = fc.constantFrom(...unitIds);
const validReports = unitReportKindIds.map(sampleReport) as Json[];
const contract = new ContractSchema(reportsBodySchema);

describe("reports, properties", () => {
  it("never throws on any JSON value, and always says why it refuses", () => {
    fc.assert(
      fc.property(fc.jsonValue(), units, (body, unit) => {
        assertWellFormed(mapReportRequest(body, reportContext(unit)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("never throws on anything JSON-ish, in the envelope or as reports, for any unit", () => {
    const reports = fc.array(
      fc.oneof(
        fc.constantFrom(...validReports),
        fc.anything({ maxDepth: 3 }),
        fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
        fc.record(
          { kind: fc.constantFrom(...unitReportKindIds), reportId: fc.string() },
          { requiredKeys: [] },
        ),
      ),
      { maxLength: 6 },
    );
    const bodies = fc.oneof(
      fc.anything(),
      fc.record({ reports }),
      fc.record({ reports, extra: fc.anything() }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(bodies, units, (body, unit) => {
        assertWellFormed(mapReportRequest(body, reportContext(unit)));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe.each(unitReportKindIds)("%s report contract, properties", (kind) => {
  const sample = loadSample(kind);
  const targets = leavesOf(sample);

  it("refuses its sample with one leaf broken, at that leaf, without repeating values", () => {
    fc.assert(
      fc.property(fc.constantFrom(...targets), mutations, (pointer, mutation) => {
        // Prepare
        const body = structuredClone(sample);
        const before = valueAt(body, pointer);
        const leaf = contract.leaf(body, pointer);
        const inArray = /\/\d+$/.test(pointer);
        if (mutation.kind === "delete" && inArray) return;
        if (mutation.kind === "wrong-type" && allows(leaf.types, mutation.value)) return;
        setAt(body, pointer, mutation.kind === "delete" ? undefined : mutation.value);

        // Act
        const mapping = mapReportRequest(body, reportContext(unitOf(kind)));

        // Assess
        assertWellFormed(mapping);
        if (mutation.kind === "delete" && !leaf.required) {
          expect(mapping.ok, `${pointer} is optional`).toBe(true);
          return;
        }
        expect(mapping.ok || mapping.reason, `${pointer} broken by ${mutation.kind}`).toBe("invalid");
        if (mapping.ok || mapping.reason !== "invalid") return;
        const atLeaf = mapping.errors.filter((e) => e.path === pointer || e.path.startsWith(`${pointer}/`));
        expect(atLeaf, `${pointer}: ${JSON.stringify(mapping.errors)}`).not.toEqual([]);
        if (mutation.kind === "invalid-string") expect(echoes(mapping.errors, mutation.value)).toBe(false);
        if (!leaf.constant) expect(echoes(mapping.errors, before)).toBe(false);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("has leaves to break in its sample", () => {
    expect(targets.length).toBeGreaterThan(10);
  });
});
