import { describe, expect, it } from "vitest";
import { describeList } from "../../../cli/commands/lists.ts";
import { buildAdmin519List } from "../../../shared/domain/lists/admin-519-list.ts";
import { periodOfMonths } from "../../../shared/domain/lists/months.ts";
import { offence, persons } from "./support.ts";

const timeZone = "Asia/Almaty";
const list = buildAdmin519List(
  [
    offence(persons.rakhimov, "2026-10-02T06:00:00.000Z", "AC-1"),
    offence(persons.rakhimov, "2026-10-09T06:00:00.000Z", "AC-2", "expulsion"),
    offence(persons.karimova, "2026-10-03T06:00:00.000Z", "AC-3", "warning"),
  ],
  {
    deployment: "almaty",
    region: "KZ-75",
    month: "2026-10",
    timeZone,
    period: periodOfMonths("2026-10", "2026-10", timeZone),
  },
);

describe("hub lists", () => {
  it("prints the month's counts, its citizenships and its first rows, names as written", () => {
    const printed = describeList(list, 2).split("\n");
    expect(printed.slice(0, 2)).toEqual([
      "art. 519 list, 2026-10, Almaty (KZ-75): 3 offences, 2 persons, 1 with more than one",
      "by citizenship: TJK 2 (1 person), UZB 1 (1 person)",
    ]);
    expect(printed[5]).toMatch(
      /^1 +1 +1 +Каримова Гульнора +KARIMOVA GULNORA +1994-08-17 +UZB +AC-3 +2026-10-03 +warning$/,
    );
    expect(printed[6]).toMatch(/^2 +2 +2 +Рахимов Фаррух Шарипович +RAKHIMOV FARRUKH SHARIPOVICH/);
    expect(printed[7]).toBe("… 1 more rows: --download DIR for the files");
  });
});
