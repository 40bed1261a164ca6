/**
 * Where feeds are posted: `POST /v1/feeds/<source>`. The API has one resource per source, which the
 * ingest function reads the source from, and a catch-all `/v1/feeds/{source}` it answers 404.
 */
export const FEEDS_PATH = "/v1/feeds";
/** The catch-all resource's path parameter: `{source}`. */
export const FEED_SOURCE_PARAMETER = "source";
/**
 * The catch-all resource, `/v1/feeds/{source}`: it answers paths no source's own resource matches
 * with the hub's 404, and never leads a request to the use case (it has no IP allow-list).
 */
export const FEED_CATCH_ALL_RESOURCE = `${FEEDS_PATH}/{${FEED_SOURCE_PARAMETER}}`;
