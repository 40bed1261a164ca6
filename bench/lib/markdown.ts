/** Markdown tables, padded so they also read well on a terminal. */

export type Cell = string | number;

function escapeCell(cell: Cell): string {
  return String(cell).replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** A GitHub-flavoured Markdown table; columns listed in `right` are right-aligned (numbers). */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  right: readonly number[] = [],
): string {
  const cells = [
    headers.map(escapeCell),
    ...rows.map((row) => headers.map((_, i) => escapeCell(row[i] ?? ""))),
  ];
  const widths = headers.map((_, column) =>
    Math.max(3, ...cells.map((row) => [...(row[column] ?? "")].length)),
  );
  const pad = (text: string, column: number) => {
    const width = widths[column] ?? 3;
    const gap = " ".repeat(Math.max(0, width - [...text].length));
    return right.includes(column) ? gap + text : text + gap;
  };
  const line = (row: readonly string[]) => `| ${row.map((cell, column) => pad(cell, column)).join(" | ")} |`;
  const rule = `| ${widths.map((width, column) => (right.includes(column) ? `${"-".repeat(width - 1)}:` : "-".repeat(width))).join(" | ")} |`;
  const [head = [], ...body] = cells;
  return [line(head), rule, ...body.map(line)].join("\n");
}
