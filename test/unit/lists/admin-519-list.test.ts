import { describe, expect, it } from "vitest";
import {
  type Admin519Notification,
  buildAdmin519List,
  type ListScope,
} from "../../../shared/domain/lists/admin-519-list.ts";
import { periodOfMonths } from "../../../shared/domain/lists/months.ts";
import { iinOf, offence, persons } from "./support.ts";

const TIME_ZONE = "Asia/Almaty";
const october: ListScope = {
  deployment: "almaty",
  region: "KZ-75",
  month: "2026-10",
  timeZone: TIME_ZONE,
  period: periodOfMonths("2026-10", "2026-10", TIME_ZONE),
};

const iin = iinOf(14);
/** Rakhimov three times: by passport, then passport and IIN, then IIN with a new passport — one person. */
const rakhimovWithIin = { ...persons.rakhimov, iin };
const rakhimovNewPassport = {
  ...persons.rakhimov,
  iin,
  documents: [{ type: "passport" as const, number: "409999999", issuingCountry: "TJK" }],
};

const offences: Admin519Notification[] = [
  offence(persons.karimova, "2026-10-05T06:00:00.000Z", "AC-10"),
  offence(persons.rakhimov, "2026-10-02T06:00:00.000Z", "AC-11"),
  offence(rakhimovWithIin, "2026-10-12T06:00:00.000Z", "AC-12", "fine-and-expulsion"),
  offence(rakhimovNewPassport, "2026-10-20T06:00:00.000Z", "AC-13", "expulsion"),
  offence(persons.abdirakhmanov, "2026-10-07T06:00:00.000Z", "AC-14", "warning"),
  offence(persons.abdirakhmanov, "2026-10-25T06:00:00.000Z", "AC-15"),
  offence(persons.unknown, "2026-10-09T06:00:00.000Z", "AC-16"),
  // 1 October 00:30 in Almaty (still 30 September in UTC): October's.
  offence(persons.karimova, "2026-09-30T19:30:00.000Z", "AC-17"),
  // 1 November 01:00 in Almaty (still 31 October in UTC): not October's.
  offence(persons.karimova, "2026-10-31T20:00:00.000Z", "AC-18"),
  offence(persons.karimova, "2026-09-15T06:00:00.000Z", "AC-19"),
];

describe("the monthly art.-519 list", () => {
  const list = buildAdmin519List(offences, october);

  it("holds exactly the offences of the month on the deployment's clocks", () => {
    expect(list.rows.map((row) => row.caseNumber).sort()).toEqual(
      ["AC-10", "AC-11", "AC-12", "AC-13", "AC-14", "AC-15", "AC-16", "AC-17"].sort(),
    );
    expect(list.counts).toEqual({ offences: 8, persons: 4, repeatOffenders: 3 });
  });

  it("groups a person's offences together, in order, with their count, persons by Latin name", () => {
    expect(list.rows.map((row) => [row.line, row.person, row.personOffences, row.caseNumber])).toEqual([
      [1, 1, 2, "AC-14"],
      [2, 1, 2, "AC-15"],
      [3, 2, 1, "AC-16"],
      [4, 3, 2, "AC-17"],
      [5, 3, 2, "AC-10"],
      [6, 4, 3, "AC-11"],
      [7, 4, 3, "AC-12"],
      [8, 4, 3, "AC-13"],
    ]);
  });

  it("lists the repeat offenders with their offences", () => {
    expect(
      list.repeatOffenders.map(({ person, surname, citizenship, offences: count }) => ({
        person,
        surname,
        citizenship,
        count,
      })),
    ).toEqual([
      { person: 1, surname: "Әбдірахманов", citizenship: "CHN", count: 2 },
      { person: 3, surname: "Каримова", citizenship: "UZB", count: 2 },
      { person: 4, surname: "Рахимов", citizenship: "TJK", count: 3 },
    ]);
    const rakhimov = list.repeatOffenders.find((repeat) => repeat.person === 4);
    expect(rakhimov?.notificationIds).toEqual(list.rows.slice(5).map((row) => row.notificationId));
  });

  it("gives each row the names as written and in Latin, the document, the decision and the local date", () => {
    expect(list.rows[0]).toEqual({
      line: 1,
      person: 1,
      personOffences: 2,
      surname: "Әбдірахманов",
      given: "Нұрсұлтан",
      patronymic: "Қайратұлы",
      latin: "ABDIRAKHMANOV NURSULTAN KAIRATULY",
      birthDate: "1991-03-14",
      citizenship: "CHN",
      document: { type: "passport", number: "E12345678", issuingCountry: "CHN" },
      caseNumber: "AC-14",
      articlePart: "1",
      decidedOn: "2026-10-07",
      penalty: "warning",
      occurredOn: "2026-10-07",
      locality: "Алматы",
      notificationId: offences[4]?.id,
    });
    expect(list.rows.find((row) => row.caseNumber === "AC-17")?.occurredOn).toBe("2026-10-01");
  });

  it("sums offences and persons per citizenship, most offences first; none recorded is XXX", () => {
    expect(list.byCitizenship).toEqual([
      { citizenship: "TJK", offences: 3, persons: 1 },
      { citizenship: "CHN", offences: 2, persons: 1 },
      { citizenship: "UZB", offences: 2, persons: 1 },
      { citizenship: "XXX", offences: 1, persons: 1 },
    ]);
  });

  it("is the same list whatever order the notifications come in, and with repeats of one", () => {
    const shuffled = [...offences].reverse();
    const [first] = offences;
    if (first === undefined) throw new Error("no offences");
    expect(buildAdmin519List([...shuffled, first], october)).toEqual(list);
  });

  it("is empty for a month without offences", () => {
    const empty = buildAdmin519List(offences, {
      ...october,
      month: "2026-08",
      period: periodOfMonths("2026-08", "2026-08", TIME_ZONE),
    });
    expect(empty.rows).toEqual([]);
    expect(empty.counts).toEqual({ offences: 0, persons: 0, repeatOffenders: 0 });
    expect(empty.byCitizenship).toEqual([]);
  });
});
