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

/**
 * Retention of audit records in days. They outlive the notifications they name (an auditor looks back
 * at reads of data that has since expired): at least the data's retention, by default 5 years.
 */
export const AUDIT_RETENTION_DAYS = { min: 1, max: 3650, default: 1825 } as const;

/** A purpose (`x-hub-purpose`): a case or matter reference and a few words, not a narrative. */
export const MAX_PURPOSE_LENGTH = 200;

/** Receipts in one `POST /v1/receipts` request: `hub poll --ack` sends a page of 10, a unit's system may batch more. */
export const MAX_RECEIPTS_PER_REQUEST = 100;

/**
 * Notifications one stay-legality query reads about a person (under the key asked and the keys one hop
 * away). More answers `unknown` with the reason `too-many-notifications`, never a verdict on part of them.
 */
export const MAX_STAY_NOTIFICATIONS = 1_000;

/**
 * Notifications one inviters query reads (the period's registrations, permits and flags). More is
 * refused (422 `query.too-broad`: a shorter period); about 2 KB each, this bounds the function's memory.
 */
export const MAX_INVITERS_NOTIFICATIONS = 20_000;
