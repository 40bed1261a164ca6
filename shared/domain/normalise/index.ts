/**
 * Normalisers: pure functions that turn what upstream systems write into the canonical forms.
 * None of them throws on bad input: each returns a result that says why.
 * (Signatures fixed here first so the feed mappers can be written against them in parallel.)
 */

export type Normalised<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** A person's name as written (NFC, whitespace collapsed) and its Latin match key. */
export interface NormalisedName {
  readonly asWritten: string;
  /** Upper-case A–Z words separated by single spaces; see names.ts for the transliteration table. */
  readonly latin: string;
}
export { CYRILLIC_TO_LATIN, LATIN_LETTER_FOLDS, latinMatchKey, normaliseName } from "./names.ts";

/** A valid IIN (Kazakhstan individual identification number) and what it encodes. */
export interface Iin {
  readonly iin: string;
  readonly birthDate: string; // YYYY-MM-DD
  readonly sex: "M" | "F";
}
export { ICAO_NO_NATIONALITY_CODES, toCountryAlpha3 } from "./countries.ts";

export { normaliseDocumentNumber } from "./documents.ts";
export { checkDigitOf, parseBin, parseIin } from "./iin.ts";
export { isCalendarDate, isKnownTimeZone, isPlausibleBirthDate, toUtcInstant } from "./times.ts";
