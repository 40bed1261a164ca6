/**
 * The evidence table's key design, in one place: the CDK table, the local hub's table and the
 * checkpoint store derive from it (docs/decisions/evidence-log.md). Append-only: every item is
 * written once with a conditional put, and no role may update or delete one.
 *
 * - One item per checkpoint, all in the partition `CHAIN`, sorted `SEQ#<sequence, 12 digits>`: the
 *   conditional put on the sequence lets exactly one of two concurrent runs extend the chain. It
 *   holds the signed checkpoint and, for the "by period end" index, the end of its period.
 * - The leaf list of a checkpoint, in pages of at most {@link LEAF_PAGE_ENTRIES} entries (an item
 *   holds 400 KB at most), in the partition `LEAVES#<leaf-list hash>`, sorted `PAGE#<page, 6 digits>`.
 *   Addressed by content: a run that loses the race wrote pages no checkpoint names, never pages
 *   of the winner's list. Written before the checkpoint that names them.
 */
export const evidenceTable = {
  partitionKey: "pk",
  sortKey: "sk",
  chainPartition: "CHAIN",
  checkpointSortPrefix: "SEQ#",
  leafListPartitionPrefix: "LEAVES#",
  leafPageSortPrefix: "PAGE#",
  indexes: {
    /** Checkpoints by the end of their period: the ones a period of time overlaps, without a Scan. */
    byPeriodEnd: {
      indexName: "by-period-end",
      partitionKey: "pk",
      sortKey: "periodEnd",
    },
  },
} as const;

/** Entries of a leaf list per page item: about 180 bytes each, so a page stays well under 400 KB. */
export const LEAF_PAGE_ENTRIES = 1000;

/** Every key attribute is a string. */
export const evidenceKeyAttributeNames = [
  evidenceTable.partitionKey,
  evidenceTable.sortKey,
  evidenceTable.indexes.byPeriodEnd.sortKey,
];
