/** A reader of RFC 4180 CSV, for the tests: what a spreadsheet does with a list the hub wrote. */
import { UTF8_BOM } from "../../../shared/domain/lists/csv.ts";

/** The records of a CSV text, its byte order mark dropped. */
export function readCsv(text: string): string[][] {
  const body = text.startsWith(UTF8_BOM) ? text.slice(UTF8_BOM.length) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let value = "";
  let quoted = false;
  for (let at = 0; at < body.length; at++) {
    const char = body[at];
    if (quoted) {
      if (char === '"' && body[at + 1] === '"') {
        value += '"';
        at++;
      } else if (char === '"') quoted = false;
      else value += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      record.push(value);
      value = "";
    } else if (char === "\r" && body[at + 1] === "\n") {
      record.push(value);
      records.push(record);
      record = [];
      value = "";
      at++;
    } else value += char;
  }
  if (value !== "" || record.length > 0) records.push([...record, value]);
  return records;
}
