/**
 * The one serialisation the evidence log hashes and signs: RFC 8785, the JSON Canonicalization Scheme
 * (JCS): object keys sorted by UTF-16 code units, numbers in ECMAScript's shortest form, strings with
 * JSON's minimal escaping, no whitespace. An auditor reproduces the bytes with any JCS implementation;
 * this one is the `canonicalize` package by one of the RFC's authors.
 */
import canonicalize from "canonicalize";

/** A JSON value; `undefined` members are left out, as JSON.stringify and JCS do. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

/** The RFC 8785 text of a value. Throws on what JSON cannot carry: NaN, Infinity, lone surrogates. */
export function canonicalJson(value: JsonValue): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("the value has no JSON representation");
  return text;
}

/** The UTF-8 bytes of {@link canonicalJson}: what is hashed and signed. */
export function canonicalBytes(value: JsonValue): Buffer {
  return Buffer.from(canonicalJson(value), "utf8");
}
