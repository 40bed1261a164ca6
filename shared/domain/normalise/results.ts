/**
 * What the normalisers return. A module of its own so that each normaliser and the index import it
 * without importing each other.
 */

export type Normalised<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** A person's name as written (NFC, whitespace collapsed) and its Latin match key. */
export interface NormalisedName {
  readonly asWritten: string;
  /** Upper-case A–Z words separated by single spaces; see names.ts for the transliteration table. */
  readonly latin: string;
}

/** A valid IIN (Kazakhstan individual identification number) and what it encodes. */
export interface Iin {
  readonly iin: string;
  readonly birthDate: string; // YYYY-MM-DD
  readonly sex: "M" | "F";
}
