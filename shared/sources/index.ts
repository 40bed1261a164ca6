/**
 * The upstream feeds: per source, its contract (v1) and its mapper to the canonical notification.
 * `mapFeedRequest` is the one entry point the ingest function uses.
 */
import type * as z from "zod";
import type { FeedSourceId } from "../domain/catalogue/index.ts";
import { bilFeed } from "./bil/mapper.ts";
import { burkitFeed } from "./burkit/mapper.ts";
import type { Feed, FeedMapping, MapContext } from "./kit/feed.ts";
import { kqpFeed } from "./kqp/mapper.ts";

export type { FeedMapping, MapContext } from "./kit/feed.ts";

const feeds: Record<FeedSourceId, Feed> = { kqp: kqpFeed, burkit: burkitFeed, bil: bilFeed };

/**
 * Validates a feed request body against its source's contract and maps every record to a canonical
 * notification. Never throws: any JSON value gives either every record mapped, or every field error
 * of every record (JSON pointers from the body root; messages never repeat the values sent).
 */
export function mapFeedRequest(source: FeedSourceId, body: unknown, context: MapContext): FeedMapping {
  const feed: Feed | undefined = Object.hasOwn(feeds, source) ? feeds[source] : undefined;
  if (feed === undefined) {
    return {
      ok: false,
      errors: [{ path: "", code: "source.unknown", message: "There is no such feed source." }],
    };
  }
  return feed.map(body, context);
}

/** The request-body schema of each feed, for OpenAPI. */
export const feedContracts: Record<FeedSourceId, z.ZodType> = {
  kqp: kqpFeed.bodySchema,
  burkit: burkitFeed.bodySchema,
  bil: bilFeed.bodySchema,
};
