import type { Normalised } from "./index.ts";

/** Upper-cases a document number and drops separators (spaces, hyphens, dots, slashes). */
export function normaliseDocumentNumber(_raw: string): Normalised<string> {
  throw new Error("not implemented yet");
}
