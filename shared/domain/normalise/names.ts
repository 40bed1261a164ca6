import { describeForbiddenCharacter, forbiddenCharacterIn, ZERO_WIDTH_CHARACTERS } from "./characters.ts";
import type { Normalised, NormalisedName } from "./results.ts";

/**
 * Cyrillic → Latin transliteration used for the name match key (`NormalisedName.latin`).
 *
 * Standard: ICAO Doc 9303 "Machine Readable Travel Documents", Part 3, section 6
 * ("Transliteration of Cyrillic characters"), the common column of its table. Russia (since 2014)
 * and Kazakhstan write passport names with it. The per-language exceptions in that table
 * (Ukrainian/Belarusian Г→H, Ukrainian И→Y, Belarusian Ё→IO, Serbian/Macedonian forms) are NOT
 * applied: a match key cannot know the language, so one value per letter is used for everyone.
 *
 * Extensions, in the same spirit (one upper-case Latin value per letter):
 * - Kazakh letters as Kazakhstan's passports write them in the MRZ: Ә→A, Ғ→G, Қ→K, Ң→N, Ө→O,
 *   Ұ→U, Ү→U, Һ→H, І→I.
 * - Uzbek and Tajik Cyrillic letters (not in ICAO's table; values from those countries' Latin
 *   alphabets) so that names from the main countries of origin keep all their letters: Ҳ→H,
 *   Ҷ→J, Ӣ→I, Ӯ→U.
 *
 * Keys are upper-case; lower-case input is upper-cased before the lookup. An empty value means the
 * letter is dropped without breaking the word (Ь, the soft sign).
 */
export const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = Object.freeze({
  // ICAO Doc 9303 Part 3: Russian alphabet
  А: "A",
  Б: "B",
  В: "V",
  Г: "G",
  Д: "D",
  Е: "E",
  Ё: "E",
  Ж: "ZH",
  З: "Z",
  И: "I",
  Й: "I",
  К: "K",
  Л: "L",
  М: "M",
  Н: "N",
  О: "O",
  П: "P",
  Р: "R",
  С: "S",
  Т: "T",
  У: "U",
  Ф: "F",
  Х: "KH",
  Ц: "TS",
  Ч: "CH",
  Ш: "SH",
  Щ: "SHCH",
  Ъ: "IE",
  Ы: "Y",
  Ь: "",
  Э: "E",
  Ю: "IU",
  Я: "IA",
  // ICAO Doc 9303 Part 3: the other Cyrillic letters of its table (Ukrainian, Belarusian, Serbian,
  // Macedonian, Bulgarian, historical)
  І: "I",
  Ї: "I",
  Є: "IE",
  Ґ: "G",
  Ў: "U",
  Ѫ: "U",
  Ѵ: "Y",
  Ѓ: "G",
  Ђ: "D",
  Ѕ: "DZ",
  Ј: "J",
  Ќ: "K",
  Љ: "LJ",
  Њ: "NJ",
  Ћ: "C",
  Џ: "DZ",
  // Kazakh letters, as written in Kazakhstan's passport MRZ (І is above)
  Ә: "A",
  Ғ: "G",
  Қ: "K",
  Ң: "N",
  Ө: "O",
  Ұ: "U",
  Ү: "U",
  Һ: "H",
  // Uzbek and Tajik letters (our extension, see the header)
  Ҳ: "H",
  Ҷ: "J",
  Ӣ: "I",
  Ӯ: "U",
});

/**
 * Latin letters that carry no combining mark to strip (NFD leaves them whole), folded to base
 * letters. Keys are upper-case. Lower-case ı and ſ need no entry: upper-casing gives I and S.
 */
export const LATIN_LETTER_FOLDS: Readonly<Record<string, string>> = Object.freeze({
  Æ: "AE",
  Œ: "OE",
  Ĳ: "IJ",
  ẞ: "SS",
  Ø: "O",
  Đ: "D",
  Ð: "D",
  Ł: "L",
  Ŀ: "L",
  Ħ: "H",
  Ŧ: "T",
  Ŋ: "N",
  Þ: "TH",
  Ə: "A", // Azerbaijani schwa: written A in Azerbaijan's passports, like Kazakh Ә
});

/**
 * Apostrophe-like characters: dropped from the key without breaking the word, as ICAO Doc 9303
 * omits apostrophes (O'Brien → OBRIEN; Uzbek Gʻulomov → GULOMOV, which equals Ғуломов).
 */
const APOSTROPHES = new Set(["'", "\u2019", "\u2018", "\u02BC", "\u02BB", "\u02B9", "`", "\u00B4", "\u2032"]);

/** Longest accepted name as written, in code points: longer is junk, not a person's name. */
export const MAX_NAME_LENGTH = 256;

const WHITESPACE_RUNS = /\s+/gu;
/** U+FEFF inside a name is a byte-order mark left by an encoder, not a space (JavaScript's `\s` says it is). */
const BYTE_ORDER_MARK = "\uFEFF";
const COMBINING_MARK = /^\p{M}$/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const ASCII_UPPER_LETTER = /^[A-Z]$/;
const WORD_BREAK = " ";

/**
 * Normalises a person's name.
 *
 * - `asWritten`: Unicode NFC, without byte-order marks, trimmed, every run of whitespace (spaces,
 *   NBSP, tabs, newlines…) collapsed to one space. Empty → `name.empty`; control characters, lone surrogates or bidi
 *   overrides and isolates → `name.characters` (see `characters.ts`); more than
 *   {@link MAX_NAME_LENGTH} code points → `name.too-long`.
 * - `latin`: the match key, upper-case A–Z words separated by single spaces (may be empty when the
 *   name has no Latin or Cyrillic letter, e.g. a name written only in Arabic script):
 *   - Cyrillic letters via {@link CYRILLIC_TO_LATIN};
 *   - Latin letters folded to their base letter (NFD, marks stripped; {@link LATIN_LETTER_FOLDS});
 *   - apostrophes are dropped (the word stays whole): Д'Артаньян → DARTANIAN;
 *   - zero-width characters are dropped too: `Ива\u200Bнов` → IVANOV, as it reads;
 *   - hyphens and every other non-letter (punctuation, symbols, spaces) break words, like ICAO's
 *     filler `<`: Анна-Мария → ANNA MARIIA, which also matches a feed writing "Anna Maria";
 *   - digits, combining marks and letters of other scripts are dropped without breaking the word.
 */
export function normaliseName(raw: string): Normalised<NormalisedName> {
  if (typeof raw !== "string") {
    return { ok: false, code: "name.type", message: "The name must be a string." };
  }
  const asWritten = raw.normalize("NFC").replaceAll(BYTE_ORDER_MARK, "").replace(WHITESPACE_RUNS, " ").trim();
  if (asWritten === "") {
    return { ok: false, code: "name.empty", message: "The name is empty once whitespace is removed." };
  }
  const forbidden = forbiddenCharacterIn(asWritten);
  if (forbidden !== undefined) {
    return {
      ok: false,
      code: "name.characters",
      message: `The name contains a ${describeForbiddenCharacter(forbidden)}, which a name cannot contain.`,
    };
  }
  if (countCodePoints(asWritten, MAX_NAME_LENGTH + 1) > MAX_NAME_LENGTH) {
    return {
      ok: false,
      code: "name.too-long",
      message: `The name is longer than ${MAX_NAME_LENGTH} characters.`,
    };
  }
  return { ok: true, value: { asWritten, latin: latinMatchKey(asWritten) } };
}

/** The Latin match key of an already normalised name (see {@link normaliseName}). */
export function latinMatchKey(name: string): string {
  let key = "";
  for (const character of name) {
    key += latinOf(character);
  }
  return key.split(WORD_BREAK).filter(isNonEmpty).join(" ");
}

/** Characters whose Latin form is cached before the cache starts afresh (names use a few alphabets). */
const MAX_CACHED_CHARACTERS = 4096;
const latinOfCharacter = new Map<string, string>();

/** The Latin form of one character, cached: upper-casing, NFD and the tests cost ≈ 1 µs a character. */
function latinOf(character: string): string {
  let latin = latinOfCharacter.get(character);
  if (latin === undefined) {
    latin = transliterate(character);
    if (latinOfCharacter.size >= MAX_CACHED_CHARACTERS) latinOfCharacter.clear();
    latinOfCharacter.set(character, latin);
  }
  return latin;
}

function transliterate(character: string): string {
  if (APOSTROPHES.has(character) || ZERO_WIDTH_CHARACTERS.has(character)) {
    return "";
  }
  let latin = "";
  // Upper-casing may yield several characters (ß → SS, ŉ → ʼN); each is handled on its own.
  for (const upper of character.toUpperCase()) {
    const cyrillic = CYRILLIC_TO_LATIN[upper];
    if (cyrillic !== undefined) {
      latin += cyrillic;
      continue;
    }
    // Cyrillic first, then NFD: NFD would split Й into И + breve and lose the letter's identity.
    for (const part of upper.normalize("NFD")) {
      latin += foldLatin(part);
    }
  }
  return latin;
}

function foldLatin(character: string): string {
  if (ASCII_UPPER_LETTER.test(character)) {
    return character;
  }
  const folded = LATIN_LETTER_FOLDS[character];
  if (folded !== undefined) {
    return folded;
  }
  if (APOSTROPHES.has(character) || COMBINING_MARK.test(character) || LETTER_OR_DIGIT.test(character)) {
    return "";
  }
  return WORD_BREAK;
}

function countCodePoints(text: string, stopAt: number): number {
  let count = 0;
  for (const _ of text) {
    count += 1;
    if (count >= stopAt) {
      break;
    }
  }
  return count;
}

function isNonEmpty(word: string): boolean {
  return word !== "";
}
