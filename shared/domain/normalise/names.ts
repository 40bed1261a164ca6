import type { Normalised, NormalisedName } from "./index.ts";

export function normaliseName(_raw: string): Normalised<NormalisedName> {
  throw new Error("not implemented yet");
}
