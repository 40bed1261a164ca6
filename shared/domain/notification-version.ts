/**
 * The canonical notification's schema version. Apart from notification.ts (its zod schemas), so that
 * code that only builds notifications (escalations, list notices) loads no schema and no normalisers.
 */
export const NOTIFICATION_SCHEMA_VERSION = 1 as const;
