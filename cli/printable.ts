/**
 * Upstream text as the CLI prints it. Records, queue messages and error bodies come from systems
 * the officer's terminal should not obey: every control, format (zero-width, bidirectional marks,
 * overrides and isolates), line or paragraph separator and unpaired surrogate is printed as a
 * `\uXXXX` escape, so nothing can clear the screen, move the cursor, hide text or reorder it. The
 * escapes are JSON's own, so printable JSON stays valid JSON.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;
const UNSAFE_BUT_LINE_FEED = /(?!\n)[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

/** `\u001B`; a character beyond the BMP as its two UTF-16 units, as JSON writes it. */
function escaped(character: string): string {
  let units = "";
  for (let index = 0; index < character.length; index += 1) {
    units += `\\u${character.charCodeAt(index).toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return units;
}

/** `text` with every unsafe character escaped; `lineFeeds` keeps line feeds (multi-line output). */
export function printable(text: string, options: { lineFeeds?: boolean } = {}): string {
  return text.replace(options.lineFeeds === true ? UNSAFE_BUT_LINE_FEED : UNSAFE, escaped);
}
