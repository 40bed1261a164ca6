/**
 * CSV as RFC 4180 writes it, for spreadsheets: CRLF after every record, a field quoted when it holds a
 * quote, a comma or a line break, quotes inside doubled. Behind a UTF-8 byte order mark, which is what
 * makes Excel read the file as UTF-8 (without it, Cyrillic and Kazakh letters turn to mojibake).
 */

export const UTF8_BOM = "\uFEFF";

/**
 * A text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * before one): written with a leading apostrophe, as OWASP advises against CSV injection. Names,
 * numbers and dates of the lists never start so; upstream free text might.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function field(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The records as CSV text, with the byte order mark; `undefined` is an empty field. */
export function csvText(records: ReadonlyArray<ReadonlyArray<string | number | undefined>>): string {
  const lines = records.map((record) =>
    record.map((value) => (value === undefined ? "" : field(String(value)))).join(","),
  );
  return `${UTF8_BOM}${lines.map((line) => `${line}\r\n`).join("")}`;
}
