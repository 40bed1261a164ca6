/** Limits that the functions enforce and the CDK app configures or documents by the same numbers. */

/**
 * Request body size the ingest function accepts (the WAF rule and the docs say the same). 1 MiB: 100
 * records of a few KB each fit with room to spare; API Gateway's own limit is 10 MB.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reports in one `POST /v1/reports` request. The per-unit quota a deployment configures is at least
 * this, or a unit could never file a full request.
 */
export const MAX_REPORTS_PER_REQUEST = 100;

/** Retention of personal data in days: what a deployment may configure and the functions accept. */
export const RETENTION_DAYS = { min: 1, max: 3650 } as const;
