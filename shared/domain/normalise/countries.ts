import type { Normalised } from "./index.ts";

/** ISO 3166-1 alpha-3 from alpha-2, alpha-3, numeric, or an English/Russian/Kazakh name. */
export function toCountryAlpha3(_raw: string | number): Normalised<string> {
  throw new Error("not implemented yet");
}
