import { readFileSync } from "node:fs";
import {
  type FeedKindId,
  type FeedSourceId,
  feedKindIds,
  kinds,
} from "../../shared/domain/catalogue/index.ts";

export interface FeedFixture {
  readonly kind: FeedKindId;
  readonly source: FeedSourceId;
  readonly body: { contractVersion: string; records: Record<string, unknown>[] };
}

function sourceOf(kind: FeedKindId): FeedSourceId {
  const origin = kinds[kind].origin;
  if (!("feed" in origin)) throw new Error(`${kind} is not a feed kind`);
  return origin.feed;
}

/** The example request of one feed kind (`test/fixtures/feeds/<source>/<kind>.json`). */
export function feedFixture(kind: FeedKindId): FeedFixture {
  const source = sourceOf(kind);
  const url = new URL(`../fixtures/feeds/${source}/${kind}.json`, import.meta.url);
  return { kind, source, body: JSON.parse(readFileSync(url, "utf8")) as FeedFixture["body"] };
}

/** One fixture per feed kind of the catalogue. */
export const feedFixtures: readonly FeedFixture[] = feedKindIds.map(feedFixture);

/** A fixture's body with every record id made unique, so a test can send it as a new record. */
export function withFreshRecordIds(fixture: FeedFixture, suffix: string): FeedFixture["body"] {
  return {
    ...fixture.body,
    records: fixture.body.records.map((record) => ({
      ...record,
      recordId: `${String(record.recordId)}-${suffix}`,
    })),
  };
}
