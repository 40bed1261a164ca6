import type { FeedKindId } from "../../domain/catalogue/index.ts";

/**
 * Which kind a record type yields: one kind, or one kind per value of one field of the record (the
 * field named by its dotted path). Each source declares this table once; its mapper takes the kind
 * from it and the docs print it.
 */
export type KindRule<K extends FeedKindId = FeedKindId> =
  | K
  | { readonly field: string; readonly kinds: Readonly<Record<string, K>> };

export type RecordKindTable<K extends FeedKindId = FeedKindId> = Readonly<Record<string, KindRule<K>>>;

/** The kinds a table can yield. */
export function kindsOfTable(table: RecordKindTable): FeedKindId[] {
  return Object.values(table).flatMap((rule) =>
    typeof rule === "string" ? [rule] : Object.values(rule.kinds),
  );
}
