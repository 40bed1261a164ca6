import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildAdmin519List } from "../../../shared/domain/lists/admin-519-list.ts";
import { admin519ListSchema } from "../../../shared/domain/lists/admin-519-list-file.ts";
import { csvText, UTF8_BOM } from "../../../shared/domain/lists/csv.ts";
import { citizenshipCsv, LIST_COLUMNS, listCsv, listJson } from "../../../shared/domain/lists/list-files.ts";
import { periodOfMonths } from "../../../shared/domain/lists/months.ts";
import { readCsv } from "./read-csv.ts";
import { offence, persons } from "./support.ts";

describe("CSV for spreadsheets (RFC 4180, UTF-8 with BOM)", () => {
  it("starts with the byte order mark and ends every record with CRLF", () => {
    const text = csvText([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(text).toBe(`${UTF8_BOM}a,b\r\n1,2\r\n`);
    expect([...Buffer.from(text, "utf8").subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("quotes a field with a comma, a quote or a line break, doubling quotes; leaves others bare", () => {
    expect(csvText([["ТОО «Алтын», ул. 5", 'say "hi"', "two\r\nlines", "plain", undefined, 7]])).toBe(
      `${UTF8_BOM}"ТОО «Алтын», ул. 5","say ""hi""","two\r\nlines",plain,,7\r\n`,
    );
  });

  it("defuses what a spreadsheet would run as a formula", () => {
    expect(csvText([["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "A-1"]])).toBe(
      `${UTF8_BOM}'=HYPERLINK(1),'+1,'-2,'@SUM(A1),A-1\r\n`,
    );
  });

  it("reads back every field exactly, whatever its characters", () => {
    const safeText = fc.string({ unit: "grapheme" }).filter((text) => !/^[=+\-@\t\r]/.test(text));
    fc.assert(
      fc.property(
        fc.array(fc.array(safeText, { minLength: 1, maxLength: 5 }), { minLength: 1 }),
        (records) => {
          expect(readCsv(csvText(records))).toEqual(records);
        },
      ),
    );
  });
});

describe("the files of a monthly list", () => {
  const timeZone = "Asia/Almaty";
  const list = buildAdmin519List(
    [
      offence(persons.abdirakhmanov, "2026-10-07T06:00:00.000Z", "7511-26-00-4/1", "warning"),
      offence(persons.abdirakhmanov, "2026-10-25T06:00:00.000Z", "7511-26-00-4/2"),
      offence(persons.rakhimov, "2026-10-02T06:00:00.000Z", "7511-26-00-4/3", "fine-and-expulsion"),
    ],
    {
      deployment: "almaty",
      region: "KZ-75",
      month: "2026-10",
      timeZone,
      period: periodOfMonths("2026-10", "2026-10", timeZone),
    },
  );

  it("gives the rows with Russian headings, the names exactly as written", () => {
    const records = readCsv(new TextDecoder("utf-8").decode(Buffer.from(listCsv(list), "utf8")));
    expect(records[0]).toEqual([...LIST_COLUMNS]);
    expect(records.slice(1).map((record) => record.slice(0, 9))).toEqual([
      [
        "1",
        "1",
        "2",
        "Әбдірахманов",
        "Нұрсұлтан",
        "Қайратұлы",
        "ABDIRAKHMANOV NURSULTAN KAIRATULY",
        "1991-03-14",
        "CHN",
      ],
      [
        "2",
        "1",
        "2",
        "Әбдірахманов",
        "Нұрсұлтан",
        "Қайратұлы",
        "ABDIRAKHMANOV NURSULTAN KAIRATULY",
        "1991-03-14",
        "CHN",
      ],
      ["3", "2", "1", "Рахимов", "Фаррух", "Шарипович", "RAKHIMOV FARRUKH SHARIPOVICH", "1998-01-26", "TJK"],
    ]);
    expect(records[3]?.slice(9)).toEqual([
      "",
      "паспорт",
      "401234567",
      "TJK",
      "7511-26-00-4/3",
      "1",
      "2026-10-02",
      "штраф и выдворение",
      "2026-10-02",
      "Алматы",
      list.rows[2]?.notificationId,
    ]);
  });

  it("sums by citizenship, then the month's totals", () => {
    expect(readCsv(citizenshipCsv(list))).toEqual([
      ["Гражданство", "Правонарушений", "Лиц"],
      ["CHN", "2", "1"],
      ["TJK", "1", "1"],
      ["Всего", "3", "2"],
    ]);
  });

  it("writes the whole list as JSON, which reads back as a list", () => {
    expect(admin519ListSchema.parse(JSON.parse(listJson(list)))).toEqual(list);
    expect(listJson(list).endsWith("}\n")).toBe(true);
  });
});
