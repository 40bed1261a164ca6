import { renderRoutingMatrix } from "./routing.ts";

/** Every generated document, by its path from the repository root. */
export const generatedDocs: Record<string, () => string> = {
  "docs/routing.md": renderRoutingMatrix,
};
