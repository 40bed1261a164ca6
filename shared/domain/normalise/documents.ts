import type { Normalised } from "./results.ts";

/** Longest document number accepted after cleaning: passports, ID cards and permits are far shorter. */
export const MAX_DOCUMENT_NUMBER_LENGTH = 30;

/**
 * Separators people and systems put inside document numbers: any whitespace (incl. NBSP),
 * dash-like punctuation (hyphen, en/em dash, minus sign…), . , / \ _ : ; | and the number signs
 * № and #.
 */
const SEPARATORS = /[\s\p{Zs}\p{Pd}\u2212.,/\\_:;|№#]/gu;
const DOCUMENT_NUMBER = /^[A-Z0-9]+$/;

/**
 * Normalises a document number: NFC, upper-case (locale-independent), separators removed (see
 * {@link SEPARATORS}). The result must be 1–{@link MAX_DOCUMENT_NUMBER_LENGTH} characters of A–Z
 * and 0–9. Nothing left → `document.empty`; any other character remaining (Cyrillic letters,
 * full-width digits, control characters…) → `document.characters`; too long → `document.too-long`.
 * Cyrillic letters are not transliterated: a document number is an identifier, and guessing
 * which Latin letter was meant would risk matching the wrong document.
 */
export function normaliseDocumentNumber(raw: string): Normalised<string> {
  if (typeof raw !== "string") {
    return { ok: false, code: "document.type", message: "The document number must be a string." };
  }
  const cleaned = raw.normalize("NFC").toUpperCase().replace(SEPARATORS, "");
  if (cleaned === "") {
    return {
      ok: false,
      code: "document.empty",
      message: "The document number is empty once separators are removed.",
    };
  }
  if (!DOCUMENT_NUMBER.test(cleaned)) {
    return {
      ok: false,
      code: "document.characters",
      message: "A document number may only contain Latin letters A–Z and digits 0–9 (besides separators).",
    };
  }
  if (cleaned.length > MAX_DOCUMENT_NUMBER_LENGTH) {
    return {
      ok: false,
      code: "document.too-long",
      message: `A document number may have at most ${MAX_DOCUMENT_NUMBER_LENGTH} letters and digits.`,
    };
  }
  return { ok: true, value: cleaned };
}
