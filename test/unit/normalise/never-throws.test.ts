import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkDigitOf,
  isCalendarDate,
  isPlausibleBirthDate,
  type Normalised,
  normaliseDocumentNumber,
  normaliseName,
  parseBin,
  parseIin,
  toCountryAlpha3,
  toUtcInstant,
} from "../../../shared/domain/normalise/index.ts";
import { anyText, codeUnitText, fullUnicodeText, RUNS } from "./arbitraries.ts";

/** A stable dotted code: lower-case words, at least one dot. */
const ERROR_CODE = /^[a-z]+(\.[a-z0-9-]+)+$/;

function isWellFormed<T>(result: Normalised<T>): boolean {
  if (result.ok) {
    return true;
  }
  return ERROR_CODE.test(result.code) && result.message.length > 10 && /\.$/.test(result.message);
}

const textNormalisers: ReadonlyArray<readonly [string, (raw: string) => Normalised<unknown>]> = [
  ["normaliseName", normaliseName],
  ["parseIin", parseIin],
  ["parseBin", parseBin],
  ["normaliseDocumentNumber", normaliseDocumentNumber],
  ["toCountryAlpha3", toCountryAlpha3],
  ["toUtcInstant (Asia/Almaty)", (raw) => toUtcInstant(raw, "Asia/Almaty")],
  ["toUtcInstant (arbitrary zone)", (raw) => toUtcInstant("2024-05-01T10:00", raw)],
];

describe.each(textNormalisers)("%s", (_name, normalise) => {
  it("returns a well-formed result and never throws for arbitrary strings (code units, code points, tricky characters)", () => {
    fc.assert(
      fc.property(fc.oneof(anyText, codeUnitText, fullUnicodeText), (raw) => {
        // Act
        const result = normalise(raw);

        // Assess
        expect(isWellFormed(result)).toBe(true);
      }),
      RUNS,
    );
  });

  it("handles a megabyte of input quickly", () => {
    // Prepare
    const huge = `${"Ж \u0301\u00a01-".repeat(200_000)}\ud800`;
    const started = performance.now();

    // Act
    const result = normalise(huge);

    // Assess
    expect(isWellFormed(result)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("the other exported helpers", () => {
  it("never throw for arbitrary strings", () => {
    fc.assert(
      fc.property(anyText, anyText, (first, second) => {
        // Act
        const outcomes = [
          checkDigitOf(first),
          isCalendarDate(first),
          isPlausibleBirthDate(first, second),
          toUtcInstant(first, second),
        ];

        // Assess
        expect(outcomes).toHaveLength(4);
      }),
      RUNS,
    );
  });

  it("toCountryAlpha3 never throws for arbitrary numbers", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, -0, 1e308)), (code) => {
        // Act
        const result = toCountryAlpha3(code);

        // Assess
        expect(isWellFormed(result)).toBe(true);
      }),
      RUNS,
    );
  });

  it("survive values of the wrong type arriving from untyped JSON", () => {
    // Prepare
    const wrongValues: unknown[] = [undefined, null, 42, {}, [], Symbol("x"), 10n];

    // Act
    const run = () =>
      wrongValues.flatMap((value): Normalised<unknown>[] => {
        const asString = value as string;
        return [
          normaliseName(asString),
          parseIin(asString),
          parseBin(asString),
          normaliseDocumentNumber(asString),
          toCountryAlpha3(asString),
          toUtcInstant(asString, asString),
          toUtcInstant("2024-05-01T10:00", asString),
        ];
      });

    // Assess
    expect(run).not.toThrow();
    expect(run().every((result) => isWellFormed(result))).toBe(true);
  });
});
