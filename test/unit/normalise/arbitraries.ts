import fc from "fast-check";
import { checkDigitOf } from "../../../shared/domain/normalise/index.ts";

/** At least 1,000 runs for every property, as the team agreed. */
export const RUNS = { numRuns: 1000 } as const;

/** Any UTF-16 code unit, so lone surrogates appear (fast-check's 'binary' unit never makes them). */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((codeUnit) => String.fromCharCode(codeUnit));

/** Characters that matter to the normalisers, so that short random strings hit them often. */
const interestingCharacters = fc.constantFrom(
  ..."АаБЖжХЦЧШЩЪЬЫЭЮЯЁёЙйӘәҒғҚқҢңӨөҰұҮүҺһІіЇїЄєЎўҲҳҶҷ",
  ..."AaZzÄäÖöÜüŞşĞğıİÑñßÆØŒĐŁÞəƏ",
  ..."0123456789",
  " ",
  "\t",
  "\n",
  "\r",
  "\u00a0",
  "\u2007",
  "\u3000",
  "\ufeff",
  "-",
  "\u2013",
  "'",
  "\u2019",
  "\u02bb",
  ".",
  "/",
  "№",
  "\u0301",
  "\u0308",
  "\u0000",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u202e",
  "\ud800",
  "\udfff",
  "😀",
  "Z",
  "T",
  ":",
  "+",
);

/** Strings of arbitrary code points (full Unicode, no lone surrogates). */
export const fullUnicodeText = fc.string({ unit: "binary", maxLength: 60 });
/** Strings of arbitrary UTF-16 code units (lone surrogates included). */
export const codeUnitText = fc.string({ unit: anyCodeUnit, maxLength: 60 });
/** Strings built mostly from characters the normalisers treat specially. */
export const trickyText = fc.string({ unit: fc.oneof(interestingCharacters, anyCodeUnit), maxLength: 60 });

/** Every kind of arbitrary string the "never throws" properties feed in. */
export const anyText = fc.oneof(fullUnicodeText, codeUnitText, trickyText, fc.string());

/** Days in a month of the proleptic Gregorian calendar, computed independently of the code under test. */
export function daysInMonthOf(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0); // day 0 of the next month = last day of this one
  return date.getUTCDate();
}

export interface IinParts {
  readonly centuryDigit: number;
  readonly yearOfCentury: number;
  readonly month: number;
  readonly day: number;
  readonly serial: string;
}

const CENTURY_START_BY_DIGIT: Readonly<Record<number, number>> = {
  1: 1800,
  2: 1800,
  3: 1900,
  4: 1900,
  5: 2000,
  6: 2000,
};

export function birthYearOf(parts: IinParts): number {
  return (CENTURY_START_BY_DIGIT[parts.centuryDigit] ?? Number.NaN) + parts.yearOfCentury;
}

export function first11Of(parts: IinParts): string {
  const twoDigits = (value: number) => String(value).padStart(2, "0");
  return `${twoDigits(parts.yearOfCentury)}${twoDigits(parts.month)}${twoDigits(parts.day)}${parts.centuryDigit}${parts.serial}`;
}

/** The parts of an IIN with a real birth date in its century (the check digit may not exist). */
export const iinParts: fc.Arbitrary<IinParts> = fc
  .record({
    centuryDigit: fc.integer({ min: 1, max: 6 }),
    yearOfCentury: fc.integer({ min: 0, max: 99 }),
    month: fc.integer({ min: 1, max: 12 }),
    serial: fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 4, maxLength: 4 }),
  })
  .chain((partial) => {
    const year = (CENTURY_START_BY_DIGIT[partial.centuryDigit] ?? 1900) + partial.yearOfCentury;
    return fc
      .integer({ min: 1, max: daysInMonthOf(year, partial.month) })
      .map((day): IinParts => ({ ...partial, day }));
  });

/** A valid IIN (check digit defined) together with the parts it was built from. */
export const validIin: fc.Arbitrary<{ readonly iin: string; readonly parts: IinParts }> = iinParts
  .map((parts) => ({ parts, checkDigit: checkDigitOf(first11Of(parts)) }))
  .filter((built) => built.checkDigit !== undefined)
  .map((built) => ({ iin: `${first11Of(built.parts)}${built.checkDigit}`, parts: built.parts }));
