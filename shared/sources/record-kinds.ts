/**
 * Per source, which notification kind each record type yields (the tables the mappers use), for
 * documentation and tests.
 */
import type { FeedSourceId } from "../domain/catalogue/index.ts";
import { bilRecordKinds } from "./bil/contract.ts";
import { burkitRecordKinds } from "./burkit/contract.ts";
import type { RecordKindTable } from "./kit/record-kinds.ts";
import { kqpRecordKinds } from "./kqp/contract.ts";

export const recordKindTables: Record<FeedSourceId, RecordKindTable> = {
  kqp: kqpRecordKinds,
  burkit: burkitRecordKinds,
  bil: bilRecordKinds,
};
