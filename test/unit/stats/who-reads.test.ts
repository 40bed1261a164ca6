import { describe, expect, it } from "vitest";
import { mayReadStatistics, statistics, unitIds } from "../../../shared/domain/catalogue/index.ts";

describe("who reads the statistics", () => {
  it("is the catalogue's list: the analysing and coordinating units, no others", () => {
    expect(unitIds.filter(mayReadStatistics)).toEqual([
      "imc",
      "migration-service",
      "admin-police",
      "criminal-police",
      "transport-police",
      "kpd",
    ]);
    expect(statistics.articles).toEqual(["6.1", "10.3"]);
  });
});
