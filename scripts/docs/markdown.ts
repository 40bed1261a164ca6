/** A Markdown table with padded columns, as the repository's formatter (Biome) writes it. */
export function markdownTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...body.map((cells) => (cells[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, column) => (cells[column] ?? "").padEnd(width)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...body.map(line)].join("\n");
}

/**
 * A hand-written document with its generated part brought up to date: the text between the `begin`
 * and `end` markers replaced by `generated`.
 */
export function withGeneratedSection(current: string, begin: string, end: string, generated: string): string {
  const from = current.indexOf(begin);
  const to = current.indexOf(end, from);
  if (from < 0 || to < 0) throw new Error(`the document lacks the markers ${begin} … ${end}`);
  return `${current.slice(0, from + begin.length)}\n\n${generated}\n\n${current.slice(to)}`;
}
