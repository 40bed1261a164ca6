import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDigitOf, parseBin, parseIin } from "../../../shared/domain/normalise/index.ts";
import { birthYearOf, first11Of, iinParts, RUNS, validIin } from "./arbitraries.ts";

/**
 * Hand-checked literals (weights 1..11, then 3..11,1,2):
 * - 900101300017: 9·1 + 1·4 + 1·6 + 3·7 + 1·11 = 51; 51 mod 11 = 7 = digit 12. Male, 1990-01-01.
 * - 850502400207: first pass 8·1 + 5·2 + 5·4 + 2·6 + 4·7 + 2·10 = 98; 98 mod 11 = 10, so the second
 *   pass decides: 8·3 + 5·4 + 5·6 + 2·8 + 4·9 + 2·1 = 128; 128 mod 11 = 7 = digit 12. Female, 1985-05-02.
 * - 95010160065x: first pass 186 mod 11 = 10, second pass 131 mod 11 = 10: no check digit exists,
 *   so all ten IINs with these first 11 digits are invalid.
 */
const MALE_1990 = "900101300017";
const FEMALE_1985_SECOND_PASS = "850502400207";
const NO_CHECK_DIGIT_FIRST11 = "95010160065";

/** The first-pass remainder, computed here independently of the code under test. */
function firstPassRemainder(first11: string): number {
  return Array.from(first11, Number).reduce((sum, digit, index) => sum + digit * (index + 1), 0) % 11;
}

function withDigit(text: string, position: number, digit: number): string {
  return `${text.slice(0, position)}${digit}${text.slice(position + 1)}`;
}

describe("checkDigitOf", () => {
  it.each([
    ["90010130001", 7],
    ["85050240020", 7],
    [NO_CHECK_DIGIT_FIRST11, undefined],
  ])("gives the check digit of %s as %s", (first11, expected) => {
    // Act
    const checkDigit = checkDigitOf(first11);

    // Assess
    expect(checkDigit).toBe(expected);
  });

  it.each([
    [""],
    ["9001013000"],
    ["900101300017"],
    ["9001013000a"],
    ["９００１０１３０００１"],
    [" 90010130001"],
  ])("is undefined for %j, which is not 11 ASCII digits", (first11) => {
    // Act
    const checkDigit = checkDigitOf(first11);

    // Assess
    expect(checkDigit).toBeUndefined();
  });
});

describe("parseIin: known examples", () => {
  it("accepts a hand-checked first-pass IIN and decodes birth date and sex", () => {
    // Act
    const result = parseIin(MALE_1990);

    // Assess
    expect(result).toEqual({ ok: true, value: { iin: MALE_1990, birthDate: "1990-01-01", sex: "M" } });
  });

  it("accepts a hand-checked IIN whose check digit comes from the second pass", () => {
    // Act
    const result = parseIin(FEMALE_1985_SECOND_PASS);

    // Assess
    expect(result).toEqual({
      ok: true,
      value: { iin: FEMALE_1985_SECOND_PASS, birthDate: "1985-05-02", sex: "F" },
    });
  });

  it("trims surrounding whitespace", () => {
    // Act
    const result = parseIin(` \t${MALE_1990}\n`);

    // Assess
    expect(result).toMatchObject({ ok: true, value: { iin: MALE_1990 } });
  });

  it.each([
    ["too short", "90010130001"],
    ["too long", "9001013000170"],
    ["a space inside", "900101 300017"],
    ["a hyphen inside", "900101-300017"],
    ["a letter", "90010130001A"],
    ["full-width digits", "９００１０１３０００１７"],
    ["Arabic-Indic digits", "٩٠٠١٠١٣٠٠٠١٧"],
    ["empty", ""],
  ])("rejects an IIN with %s as iin.format, without echoing it", (_label, raw) => {
    // Act
    const result = parseIin(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: "iin.format" });
    expect(result.ok ? "" : result.message).not.toMatch(/[0-9]{6}/);
  });

  it.each([0, 7, 8, 9])("rejects century digit %i as iin.century", (centuryDigit) => {
    // Prepare: a valid check digit, so only the century rule can fail
    const iin = withValidCheckDigit(`900101${centuryDigit}`);

    // Act
    const result = parseIin(iin);

    // Assess
    expect(result).toMatchObject({ ok: false, code: "iin.century" });
  });

  it.each([
    ["month 13", "901301", 3],
    ["month 00", "900001", 3],
    ["day 00", "900100", 3],
    ["31 April", "900431", 3],
    ["30 February", "900230", 3],
    ["29 February 1900 (not a leap year)", "000229", 3],
    ["29 February 1899", "990229", 1],
    ["29 February 2023", "230229", 5],
  ])("rejects %s as iin.birth-date", (_label, yymmdd, centuryDigit) => {
    // Prepare: find a serial with a check digit, so only the date rule can fail
    const iin = withValidCheckDigit(`${yymmdd}${centuryDigit}`);

    // Act
    const result = parseIin(iin);

    // Assess
    expect(result).toMatchObject({ ok: false, code: "iin.birth-date" });
  });

  it.each([
    ["29 February 2000", "000229", 5, "2000-02-29", "M"],
    ["29 February 2000", "000229", 6, "2000-02-29", "F"],
    ["29 February 1896", "960229", 2, "1896-02-29", "F"],
    ["31 December 1999", "991231", 4, "1999-12-31", "F"],
    ["1 January 1800", "000101", 1, "1800-01-01", "M"],
  ])("accepts %s with century digit %i", (_label, yymmdd, centuryDigit, birthDate, sex) => {
    // Prepare
    const iin = withValidCheckDigit(`${yymmdd}${centuryDigit}`);

    // Act
    const result = parseIin(iin);

    // Assess
    expect(result).toEqual({ ok: true, value: { iin, birthDate, sex } });
  });

  it("rejects every check digit when the first 11 digits have none (both passes give 10)", () => {
    // Prepare
    const candidates = Array.from({ length: 10 }, (_, digit) => `${NO_CHECK_DIGIT_FIRST11}${digit}`);

    // Act
    const codes = candidates.map((iin) => {
      const result = parseIin(iin);
      return result.ok ? "ok" : result.code;
    });

    // Assess
    expect(codes).toEqual(Array(10).fill("iin.checksum"));
  });

  it("accepts a changed 11th digit: the official first pass gives digit 11 the weight 11 ≡ 0 (mod 11)", () => {
    // Prepare: 900101300017 with digit 11 changed from 1 to 2; first pass 51 + 11 = 62 ≡ 7 (mod 11)
    const altered = "900101300027";

    // Act
    const result = parseIin(altered);

    // Assess
    expect(result).toMatchObject({ ok: true, value: { birthDate: "1990-01-01", sex: "M" } });
  });

  it("rejects a wrong check digit as iin.checksum", () => {
    // Act
    const result = parseIin("900101300018");

    // Assess
    expect(result).toMatchObject({ ok: false, code: "iin.checksum" });
  });
});

/** Appends the first serial number (0000…) that has a check digit, plus that digit. */
function withValidCheckDigit(first7: string): string {
  for (let serial = 0; serial < 10_000; serial += 1) {
    const first11 = `${first7}${String(serial).padStart(4, "0")}`;
    const checkDigit = checkDigitOf(first11);
    if (checkDigit !== undefined) {
      return `${first11}${checkDigit}`;
    }
  }
  throw new Error("no serial number with a check digit");
}

describe("parseBin", () => {
  it("accepts 12 digits with a valid check digit and no date rules", () => {
    // Prepare: month 13 and digit 7 = 0 would fail an IIN, not a BIN
    const bin = withValidCheckDigit("9913400");

    // Act
    const result = parseBin(` ${bin} `);

    // Assess
    expect(result).toEqual({ ok: true, value: bin });
    expect(parseIin(bin).ok).toBe(false);
  });

  it.each([
    ["bin.format", "12345678901"],
    ["bin.format", "1234567890AB"],
    ["bin.checksum", "900101300018"],
    ["bin.checksum", `${NO_CHECK_DIGIT_FIRST11}0`],
  ])("rejects with %s: %s", (code, raw) => {
    // Act
    const result = parseBin(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code });
  });
});

describe("parseIin: properties", () => {
  it("parses every IIN built from a real date, a century digit and checkDigitOf, round-tripping date and sex", () => {
    fc.assert(
      fc.property(validIin, ({ iin, parts }) => {
        // Prepare
        const expectedBirthDate = `${birthYearOf(parts)}-${String(parts.month).padStart(2, "0")}-${String(parts.day).padStart(2, "0")}`;
        const expectedSex = parts.centuryDigit % 2 === 1 ? "M" : "F";

        // Act
        const result = parseIin(iin);

        // Assess
        expect(result).toEqual({ ok: true, value: { iin, birthDate: expectedBirthDate, sex: expectedSex } });
      }),
      RUNS,
    );
  });

  it("rejects as iin.checksum every IIN whose first 11 digits have no check digit", () => {
    fc.assert(
      fc.property(
        iinParts.filter((parts) => checkDigitOf(first11Of(parts)) === undefined),
        fc.integer({ min: 0, max: 9 }),
        (parts, lastDigit) => {
          // Act
          const result = parseIin(`${first11Of(parts)}${lastDigit}`);

          // Assess
          expect(result).toMatchObject({ ok: false, code: "iin.checksum" });
        },
      ),
      { ...RUNS, maxSkipsPerRun: 1000 },
    );
  });

  /**
   * What a single-digit change does to the check, precisely (V valid, V′ = V with digit i changed):
   * (a) i = 12: always detected (digit 12 is a function of digits 1–11).
   * (b) i = 11 and V's first pass is not 10: NEVER detected. Digit 11's first-pass weight is 11 ≡ 0
   *     (mod 11), so the first pass ignores it: V′ gets the same check digit.
   * (c) otherwise V′ can pass only if exactly one of V, V′ has first-pass remainder 10 (the two
   *     numbers are checked by different passes). Within one pass every other weight is 1..10, a
   *     unit mod 11, and a digit changes by 1..9, so the remainder must change.
   * The checksum alone is tested through parseBin (same check digit, no date rules).
   */
  it("detects single-digit changes exactly as far as the two-pass mod-11 check can", () => {
    fc.assert(
      fc.property(
        validIin,
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 9 }),
        ({ iin }, position, delta) => {
          // Prepare
          const original = Number(iin.charAt(position));
          const altered = withDigit(iin, position, (original + delta) % 10);
          const originalUsesSecondPass = firstPassRemainder(iin.slice(0, 11)) === 10;
          const alteredUsesSecondPass = firstPassRemainder(altered.slice(0, 11)) === 10;

          // Act
          const passes = parseBin(altered).ok;

          // Assess
          if (position === 11) {
            expect(passes).toBe(false);
          } else if (position === 10 && !originalUsesSecondPass) {
            expect(passes).toBe(true);
          } else if (passes) {
            expect(originalUsesSecondPass).not.toBe(alteredUsesSecondPass);
          }
        },
      ),
      RUNS,
    );
  });

  it("never accepts an IIN whose 12th digit was changed", () => {
    fc.assert(
      fc.property(validIin, fc.integer({ min: 1, max: 9 }), ({ iin }, delta) => {
        // Prepare
        const altered = withDigit(iin, 11, (Number(iin.charAt(11)) + delta) % 10);

        // Act
        const result = parseIin(altered);

        // Assess
        expect(result).toMatchObject({ ok: false, code: "iin.checksum" });
      }),
      RUNS,
    );
  });
});
