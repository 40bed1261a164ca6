/** What every benchmark section hands back to the runner: its figures, its Markdown and its goals. */
import { writeRequested } from "./results.ts";

export const sectionIds = ["hot-path", "bundles", "cold-start", "end-to-end", "evidence", "queries"] as const;
export type SectionId = (typeof sectionIds)[number];

export interface Goal {
  /** The section the goal belongs to. */
  readonly section: SectionId;
  readonly goal: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface SectionReport<T = unknown> {
  readonly id: SectionId;
  readonly title: string;
  /** Machine-readable figures (written to the JSON results). */
  readonly data: T;
  /** Tables and notes (printed, and written to the Markdown results). */
  readonly markdown: string;
  readonly goals: readonly Goal[];
}

const isSectionId = (value: string): value is SectionId => (sectionIds as readonly string[]).includes(value);

export interface RunOptions {
  readonly quick: boolean;
  readonly sections: ReadonlySet<SectionId>;
  /** Update the committed results (only a run of every section does). */
  readonly write: boolean;
}

export function parseRunOptions(argv: readonly string[]): RunOptions {
  const only = argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
  const requested = only === undefined ? [...sectionIds] : only.split(",").map((s) => s.trim());
  const unknown = requested.filter((s) => !isSectionId(s));
  if (unknown.length > 0) {
    throw new Error(`unknown section(s) ${unknown.join(", ")}; known: ${sectionIds.join(", ")}`);
  }
  if (only !== undefined && writeRequested(argv)) {
    throw new Error("--write updates bench/results/ from a run of every section: drop --only");
  }
  return {
    quick: argv.includes("--quick"),
    sections: new Set(requested.filter(isSectionId)),
    write: writeRequested(argv),
  };
}
