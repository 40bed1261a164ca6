/**
 * The ingest API's limits, free of any runtime dependency so that both the function and the CDK
 * app (the WAF rule, the docs) read them from here.
 */

/** 1 MiB: 100 records of a few KB each fit with room to spare; API Gateway's own limit is 10 MB. */
export const MAX_BODY_BYTES = 1024 * 1024;
