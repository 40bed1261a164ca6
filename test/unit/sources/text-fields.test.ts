/**
 * Free text (addresses, names of places and organisations, grounds, summaries) of every contract,
 * feeds and reports alike: one rule in the kit's text field. Control characters, DEL, C1 controls,
 * unpaired surrogates and bidirectional overrides or isolates are a field error naming the code
 * point's class, never the text; only the multi-line fields (summaries) take line breaks.
 */
import { describe, expect, it } from "vitest";
import type { FieldError } from "../../../shared/domain/field-error.ts";
import { mapReportRequest } from "../../../shared/reports/index.ts";
import { mapFeedRequest } from "../../../shared/sources/index.ts";
import { multilineText, text } from "../../../shared/sources/kit/fields.ts";
import { fieldErrorsOfIssues } from "../../../shared/sources/kit/issues.ts";
import { reportContext, sampleReport } from "../reports/support.ts";
import { firstRecord, type JsonObject, loadFixture, mapContext, setAt } from "./support.ts";

function errorsOfField(schema: ReturnType<typeof text>, value: unknown): FieldError[] {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : fieldErrorsOfIssues(parsed.error.issues, ["address"], value);
}

const refused = [
  ["an escape sequence (C0)", "ул. Абая\u001b[2J, 10", "C0 control character (U+001B)"],
  ["a NUL (C0)", "ул. Абая\u0000", "C0 control character (U+0000)"],
  ["DEL", "ул. Абая\u007f", "DEL control character (U+007F)"],
  ["a C1 control (CSI)", "ул. Абая\u009b2J", "C1 control character (U+009B)"],
  ["NEL (C1, not JavaScript whitespace)", "ул.\u0085Абая", "C1 control character (U+0085)"],
  ["a right-to-left override", "ул. \u202eаябА", "bidirectional override or embedding (U+202E)"],
  ["a left-to-right embedding", "\u202aул. Абая", "bidirectional override or embedding (U+202A)"],
  ["a first-strong isolate", "ул. \u2068Абая\u2069", "bidirectional isolate (U+2068)"],
  ["an unpaired surrogate", "ул. Абая\ud800", "unpaired surrogate (U+D800)"],
] as const;

describe("text: the kit's free-text field", () => {
  it.each(refused)("refuses %s with text.characters, naming the class, not the text", (_, value, named) => {
    // Act
    const errors = errorsOfField(text(300), value);

    // Assess
    expect(errors).toEqual([{ path: "/address", code: "text.characters", message: expect.any(String) }]);
    expect(errors[0]?.message).toContain(named);
    expect(errors[0]?.message).not.toContain("Абая");
  });

  it.each([
    ["a line feed", "ул. Абая,\n10", "C0 control character (U+000A)"],
    ["a tab", "ул. Абая,\t10", "C0 control character (U+0009)"],
    ["a carriage return", "ул. Абая,\r\n10", "C0 control character (U+000D)"],
  ])("refuses %s in a single-line field", (_, value, named) => {
    expect(errorsOfField(text(300), value)[0]?.message).toContain(named);
  });

  it.each([
    ["Cyrillic and Kazakh", "Алматы, Әуезов ауданы, Жетісу-3, 21 үй"],
    ["Latin with diacritics", "Ünter den Linden 5, Łódź"],
    ["Arabic and Chinese", "دبي 北京"],
    ["an emoji (a surrogate pair)", "кафе «☕ Кофемания» 🍵"],
    ["a non-breaking space and a zero-width joiner", "ул.\u00a0Абая, 👨\u200d👩"],
  ])("accepts %s", (_, value) => {
    expect(errorsOfField(text(300), value)).toEqual([]);
  });

  it("reports the first offending character only, with its position", () => {
    // Act
    const errors = errorsOfField(text(300), "ab\u001bc\u202e");

    // Assess
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain("character 3");
  });
});

describe("multilineText: summaries", () => {
  it("keeps line feeds and turns CR LF into LF", () => {
    // Act and Assess
    expect(multilineText(1000).parse("Первое.\r\nВторое.\nТретье.")).toBe("Первое.\nВторое.\nТретье.");
  });

  it.each([
    ["an escape sequence", "Первое.\u001b[2J", "C0 control character (U+001B)"],
    ["a lone carriage return", "Первое.\rВторое.", "C0 control character (U+000D)"],
    ["a tab", "Первое.\tВторое.", "C0 control character (U+0009)"],
    ["a right-to-left override", "Первое.\u202e", "bidirectional override or embedding (U+202E)"],
  ])("still refuses %s", (_, value, named) => {
    expect(errorsOfField(multilineText(1000), value)[0]?.message).toContain(named);
  });
});

describe("every contract's free text goes through the rule", () => {
  it("a feed record's address with an escape sequence is refused at its pointer", () => {
    // Prepare
    const record = structuredClone(firstRecord(loadFixture("kqp", "registration.migration")));
    setAt(record, "/place/address", "ул. Абая\u001b[2J, 10");

    // Act
    const mapping = mapFeedRequest("kqp", { contractVersion: "1", records: [record] }, mapContext());

    // Assess
    expect(mapping.ok ? [] : mapping.errors).toEqual([
      { path: "/records/0/place/address", code: "text.characters", message: expect.any(String) },
    ]);
  });

  it("a report's summary keeps its line breaks; a bidi override in its address is refused", () => {
    // Prepare
    const multiLine = structuredClone(sampleReport("foreigner.incident")) as JsonObject;
    setAt(multiLine, "/summary", "Первое.\nВторое.");
    const overridden = structuredClone(sampleReport("foreigner.incident")) as JsonObject;
    setAt(overridden, "/place/address", "ул. \u202eаябА");

    // Act
    const accepted = mapReportRequest({ reports: [multiLine] }, reportContext("duty"));
    const refusal = mapReportRequest({ reports: [overridden] }, reportContext("duty"));

    // Assess
    expect(accepted.ok).toBe(true);
    expect(!refusal.ok && refusal.reason === "invalid" ? refusal.errors : []).toEqual([
      { path: "/reports/0/place/address", code: "text.characters", message: expect.any(String) },
    ]);
  });
});
