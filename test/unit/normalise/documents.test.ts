import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_DOCUMENT_NUMBER_LENGTH } from "../../../shared/domain/normalise/documents.ts";
import { normaliseDocumentNumber } from "../../../shared/domain/normalise/index.ts";
import { anyText, RUNS } from "./arbitraries.ts";

describe("normaliseDocumentNumber", () => {
  it.each([
    ["N12345678", "N12345678"],
    ["n 1234 5678", "N12345678"],
    ["N-1234-5678", "N12345678"],
    ["45 06 123456", "4506123456"],
    ["AB.123/456", "AB123456"],
    ["\u00a0ab\u2013123\u2014456\t", "AB123456"],
    ["№ 012345678", "012345678"],
    ["#12_34:56;78|9\\0,1", "12345678901"],
    ["ß1", "SS1"],
  ])("normalises %j to %j", (raw, expected) => {
    // Act
    const result = normaliseDocumentNumber(raw);

    // Assess
    expect(result).toEqual({ ok: true, value: expected });
  });

  it.each([[""], ["   "], ["- / ."], ["№"]])("rejects %j as document.empty", (raw) => {
    // Act
    const result = normaliseDocumentNumber(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: "document.empty" });
  });

  it.each([
    ["Cyrillic letters", "АБ 123456"],
    ["a Cyrillic letter that looks Latin", "N12345678\u0410"],
    ["full-width digits", "１２３"],
    ["a control character", "N123\u0000456"],
    ["a lone surrogate", "N123\ud800"],
    ["a plus sign", "N+123"],
  ])("rejects %s as document.characters without echoing the number", (_label, raw) => {
    // Act
    const result = normaliseDocumentNumber(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: "document.characters" });
    expect(result.ok ? "" : result.message).not.toMatch(/123/);
  });

  it("accepts the maximum length and rejects one more as document.too-long", () => {
    // Prepare
    const longest = "A".repeat(MAX_DOCUMENT_NUMBER_LENGTH);

    // Act
    const accepted = normaliseDocumentNumber(longest);
    const rejected = normaliseDocumentNumber(`${longest}1`);

    // Assess
    expect(accepted).toEqual({ ok: true, value: longest });
    expect(rejected).toMatchObject({ ok: false, code: "document.too-long" });
  });

  it("gives only 1–30 characters of A–Z and 0–9, and is idempotent", () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        // Act
        const result = normaliseDocumentNumber(raw);
        const again = result.ok ? normaliseDocumentNumber(result.value) : result;

        // Assess
        if (result.ok) {
          expect(result.value).toMatch(/^[A-Z0-9]{1,30}$/);
          expect(again).toEqual(result);
        }
      }),
      RUNS,
    );
  });

  it("ignores separators: a number with separators inserted anywhere normalises to the same value", () => {
    const documentNumber = fc.string({
      unit: fc.constantFrom(..."ABCNZ0123456789"),
      minLength: 1,
      maxLength: 30,
    });
    const separators = fc.string({
      unit: fc.constantFrom(" ", "-", ".", "/", "\u00a0", "\u2013", "\t"),
      maxLength: 3,
    });
    fc.assert(
      fc.property(documentNumber, fc.array(separators, { minLength: 31, maxLength: 31 }), (number, gaps) => {
        // Prepare
        const written = Array.from(number, (character, index) => `${gaps[index] ?? ""}${character}`).join("");

        // Act
        const result = normaliseDocumentNumber(`${written}${gaps[30] ?? ""}`.toLowerCase());

        // Assess
        expect(result).toEqual({ ok: true, value: number });
      }),
      RUNS,
    );
  });
});
