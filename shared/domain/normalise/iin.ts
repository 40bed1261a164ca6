import type { Iin, Normalised } from "./index.ts";

/** Validates an IIN: 12 digits, a real birth date, a century/sex digit 1–6, the two-pass mod-11 check digit. */
export function parseIin(_raw: string): Normalised<Iin> {
  throw new Error("not implemented yet");
}
