/**
 * Characters that have no place in text an officer reads: control characters, which a terminal obeys
 * (`ESC [2J` clears the screen), unpaired surrogates, which are no text at all, and bidirectional
 * overrides and isolates, which display text in another order than it is stored. Every free-text
 * field and every name refuses them.
 */
const FORBIDDEN = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;
/** The same, line feed (U+000A) aside: multi-line fields keep their line breaks. */
const FORBIDDEN_BUT_LINE_FEED = /(?!\n)[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]/u;

/**
 * Invisible characters that do not break a word (zero-width space, non-joiner and joiner, word joiner,
 * zero-width no-break space): `Ива\u200Bнов` is still one word.
 */
export const ZERO_WIDTH_CHARACTERS: ReadonlySet<string> = new Set([
  "\u200B",
  "\u200C",
  "\u200D",
  "\u2060",
  "\uFEFF",
]);

/** The first forbidden character of a text, described without the text around it. */
export interface ForbiddenCharacter {
  /** e.g. `C0 control character`, `bidirectional isolate`. */
  readonly kind: string;
  /** e.g. `U+001B`. */
  readonly codePoint: string;
  /** Its position in the text, in characters (code points) from 1. */
  readonly position: number;
}

function kindOf(codePoint: number): string {
  if (codePoint <= 0x1f) return "C0 control character";
  if (codePoint === 0x7f) return "DEL control character";
  if (codePoint <= 0x9f) return "C1 control character";
  if (codePoint >= 0x202a && codePoint <= 0x202e) return "bidirectional override or embedding";
  if (codePoint >= 0x2066 && codePoint <= 0x2069) return "bidirectional isolate";
  return "unpaired surrogate";
}

/** The first character of `text` that may not appear in it (see the module's header), if any. */
export function forbiddenCharacterIn(
  text: string,
  options: { lineFeeds?: boolean } = {},
): ForbiddenCharacter | undefined {
  const match = (options.lineFeeds === true ? FORBIDDEN_BUT_LINE_FEED : FORBIDDEN).exec(text);
  if (match === null) return undefined;
  const codePoint = match[0].codePointAt(0) ?? 0;
  return {
    kind: kindOf(codePoint),
    codePoint: `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`,
    position: [...text.slice(0, match.index)].length + 1,
  };
}

/** `C0 control character (U+001B) at character 9`: where and what, never the text. */
export function describeForbiddenCharacter({ kind, codePoint, position }: ForbiddenCharacter): string {
  return `${kind} (${codePoint}) at character ${position}`;
}
