import type { Iin, Normalised } from "./results.ts";
import { isCalendarDate } from "./times.ts";

const TWELVE_ASCII_DIGITS = /^[0-9]{12}$/;
const ELEVEN_ASCII_DIGITS = /^[0-9]{11}$/;

/** Weights of the two passes of the IIN/BIN check digit (digits 1–11). */
const FIRST_PASS_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const SECOND_PASS_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;
const ZERO_CHAR_CODE = 48;
/** The remainder that means "this pass gives no check digit". */
const NO_DIGIT_REMAINDER = 10;

/** Digit 7 of an IIN: the century of birth and the sex. */
const CENTURY_AND_SEX: Readonly<Record<string, { readonly century: number; readonly sex: "M" | "F" }>> = {
  "1": { century: 1800, sex: "M" },
  "2": { century: 1800, sex: "F" },
  "3": { century: 1900, sex: "M" },
  "4": { century: 1900, sex: "F" },
  "5": { century: 2000, sex: "M" },
  "6": { century: 2000, sex: "F" },
};

/**
 * The check digit (digit 12) of an IIN or BIN from its first 11 digits, by the official two-pass
 * algorithm: weights 1..11, sum mod 11; if that is 10, weights 3..11,1,2, sum mod 11; if that is
 * 10 again no number with these 11 digits is valid and the result is `undefined`.
 * Also `undefined` when `first11` is not exactly 11 ASCII digits.
 */
export function checkDigitOf(first11: string): number | undefined {
  if (typeof first11 !== "string" || !ELEVEN_ASCII_DIGITS.test(first11)) {
    return undefined;
  }
  const firstPass = weightedSumMod11(first11, FIRST_PASS_WEIGHTS);
  if (firstPass !== NO_DIGIT_REMAINDER) {
    return firstPass;
  }
  const secondPass = weightedSumMod11(first11, SECOND_PASS_WEIGHTS);
  return secondPass === NO_DIGIT_REMAINDER ? undefined : secondPass;
}

/** Σ digit × weight mod 11 over ASCII digits, read by char code (no array per call: a hot-path step). */
function weightedSumMod11(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < weights.length; index++) {
    sum += (digits.charCodeAt(index) - ZERO_CHAR_CODE) * (weights[index] ?? 0);
  }
  return sum % 11;
}

/**
 * Validates an IIN (individual identification number). Surrounding whitespace is trimmed; then:
 * - exactly 12 ASCII digits, nothing else → otherwise `iin.format`;
 * - digit 7 is 1–6 (1/2 born in the 1800s, 3/4 in the 1900s, 5/6 in the 2000s; odd = male,
 *   even = female) → otherwise `iin.century`;
 * - digits 1–6 (YYMMDD) in that century form a real calendar date → otherwise `iin.birth-date`
 *   (so 000229 is valid with digit 7 = 5/6 (2000 is a leap year) and invalid with 3/4 (1900 is not));
 * - digit 12 is {@link checkDigitOf} the first 11 → otherwise `iin.checksum` (also when no check
 *   digit exists for those 11 digits).
 * The birth date is not compared with today (this function is pure): use `isPlausibleBirthDate`.
 */
export function parseIin(raw: string): Normalised<Iin> {
  const iin = twelveDigits(raw);
  if (iin === undefined) {
    return { ok: false, code: "iin.format", message: "An IIN must be exactly 12 digits." };
  }
  const centuryAndSex = CENTURY_AND_SEX[iin.charAt(6)];
  if (centuryAndSex === undefined) {
    return {
      ok: false,
      code: "iin.century",
      message: "The 7th digit of an IIN (century of birth and sex) must be 1 to 6.",
    };
  }
  const year = centuryAndSex.century + Number(iin.slice(0, 2));
  const birthDate = `${year}-${iin.slice(2, 4)}-${iin.slice(4, 6)}`;
  if (!isCalendarDate(birthDate)) {
    return {
      ok: false,
      code: "iin.birth-date",
      message: "The first six digits of the IIN are not a real birth date (YYMMDD) in its century.",
    };
  }
  if (!hasValidCheckDigit(iin)) {
    return { ok: false, code: "iin.checksum", message: "The IIN's check digit (12th digit) is wrong." };
  }
  return { ok: true, value: { iin, birthDate, sex: centuryAndSex.sex } };
}

/**
 * Validates a BIN (business identification number of an organisation): surrounding whitespace
 * trimmed, exactly 12 ASCII digits (`bin.format`) and the same check digit as an IIN
 * (`bin.checksum`). The registration date and entity-type digits are not checked.
 */
export function parseBin(raw: string): Normalised<string> {
  const bin = twelveDigits(raw);
  if (bin === undefined) {
    return { ok: false, code: "bin.format", message: "A BIN must be exactly 12 digits." };
  }
  if (!hasValidCheckDigit(bin)) {
    return { ok: false, code: "bin.checksum", message: "The BIN's check digit (12th digit) is wrong." };
  }
  return { ok: true, value: bin };
}

function twelveDigits(raw: string): string | undefined {
  if (typeof raw !== "string") {
    return undefined;
  }
  const trimmed = raw.trim();
  return TWELVE_ASCII_DIGITS.test(trimmed) ? trimmed : undefined;
}

function hasValidCheckDigit(twelve: string): boolean {
  const expected = checkDigitOf(twelve.slice(0, 11));
  return expected !== undefined && expected === Number(twelve.charAt(11));
}
