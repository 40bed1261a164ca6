import { describe, expect, it } from "vitest";
import {
  isQueryId,
  mayAsk,
  queries,
  queryIds,
  type UnitId,
  unitIds,
} from "../../../shared/domain/catalogue/index.ts";

describe("who may ask what", () => {
  it("lets the illegal-migration units and the migration service ask every query (art. 11.8, 11.9)", () => {
    for (const query of queryIds) {
      expect(mayAsk("imc", query)).toBe(true);
      expect(mayAsk("migration-service", query)).toBe(true);
    }
  });

  it.each([
    ["persons", ["imc", "migration-service"]],
    ["stay-legality", ["imc", "migration-service", "admin-police", "duty"]],
    ["inviters", ["imc", "migration-service", "kpd"]],
  ] as const)("lets only the units the decision names ask %s", (query, askers) => {
    const allowed: readonly UnitId[] = askers;
    expect(unitIds.filter((unit) => mayAsk(unit, query))).toEqual(allowed);
  });

  it("names the articles each query answers and known units only", () => {
    for (const query of queryIds) {
      expect(queries[query].articles.length).toBeGreaterThan(0);
      expect(queries[query].askers.every((unit) => unitIds.includes(unit))).toBe(true);
    }
  });

  it("knows its query ids", () => {
    expect(isQueryId("stay-legality")).toBe(true);
    expect(isQueryId("audit")).toBe(false);
    expect(isQueryId("toString")).toBe(false);
  });
});
