/**
 * The opaque `cursor` of a paged answer: where a DynamoDB query stopped (its `LastEvaluatedKey`, every
 * attribute a string) and the index partition it was reading, as base64url JSON. It is checked on the
 * way back in: a cursor that is not one, or that belongs to another partition, is the caller's error.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import * as z from "zod";
import { QueryParametersError } from "../../domain/errors.ts";
import { parameterError } from "../../domain/queries/parameters.ts";

export type Key = Record<string, AttributeValue>;

export interface PagePosition {
  /** The index partition the next page starts in. */
  readonly partition: string;
  /** Where in that partition: `undefined` from its start. */
  readonly startKey?: Key;
}

const cursorJsonSchema = z.object({
  p: z.string(),
  k: z.record(z.string(), z.string()).optional(),
});
type CursorJson = z.infer<typeof cursorJsonSchema>;

export function encodeCursor({ partition, startKey }: PagePosition): string {
  const json: CursorJson = {
    p: partition,
    ...(startKey === undefined
      ? {}
      : { k: Object.fromEntries(Object.entries(startKey).map(([name, value]) => [name, value.S ?? ""])) }),
  };
  return Buffer.from(JSON.stringify(json)).toString("base64url");
}

const invalidCursor = () =>
  new QueryParametersError([
    parameterError(
      "cursor",
      "query.cursor",
      "Not a cursor of this query: pass the `nextCursor` of the previous page as it was answered.",
    ),
  ]);

/**
 * The position a cursor names. `keyNames` are the attributes of the index's `LastEvaluatedKey`;
 * `isPartition` says which partitions this query reads. Throws `QueryParametersError` (`/query/cursor`).
 */
export function decodeCursor(
  cursor: string,
  keyNames: readonly string[],
  isPartition: (partition: string) => boolean,
): PagePosition {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const parsed = cursorJsonSchema.safeParse(json);
  if (!parsed.success || !isPartition(parsed.data.p)) throw invalidCursor();
  const { p: partition, k: key } = parsed.data;
  if (key === undefined) return { partition };
  const names = Object.keys(key);
  if (names.length !== keyNames.length || !names.every((name) => keyNames.includes(name))) {
    throw invalidCursor();
  }
  return {
    partition,
    startKey: Object.fromEntries(Object.entries(key).map(([name, value]) => [name, { S: value }])),
  };
}
