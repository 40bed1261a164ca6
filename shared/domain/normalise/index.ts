/**
 * Normalisers: pure functions that turn what upstream systems write into the canonical forms.
 * None of them throws on bad input: each returns a result that says why.
 */

export {
  describeForbiddenCharacter,
  type ForbiddenCharacter,
  forbiddenCharacterIn,
  ZERO_WIDTH_CHARACTERS,
} from "./characters.ts";
export { ICAO_NO_NATIONALITY_CODES, toCountryAlpha3 } from "./countries.ts";
export { normaliseDocumentNumber } from "./documents.ts";
export { checkDigitOf, parseBin, parseIin } from "./iin.ts";
export { CYRILLIC_TO_LATIN, LATIN_LETTER_FOLDS, latinMatchKey, normaliseName } from "./names.ts";
export type { Iin, Normalised, NormalisedName } from "./results.ts";
export { isCalendarDate, isKnownTimeZone, isPlausibleBirthDate, toUtcInstant } from "./times.ts";
