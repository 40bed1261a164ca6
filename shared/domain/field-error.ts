/**
 * One problem with one field of a request, as every 4xx body lists it. `path` is a JSON pointer
 * (RFC 6901) into the request body, e.g. `/records/3/person/iin`; `code` is stable and machine-readable.
 */
export interface FieldError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** Builds a JSON pointer from path segments, escaping `~` and `/` as RFC 6901 requires. */
export function jsonPointer(segments: readonly PropertyKey[]): string {
  return segments.map((s) => `/${String(s).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}
