import * as z from "zod";
import { canonicalNotificationSchema } from "../../shared/domain/notification.ts";

/**
 * The consumer JSON Schema (draft 2020-12) of the canonical notification, as pretty JSON. Rendered in
 * zod's "input" mode so that objects stay open (no `additionalProperties: false`): within
 * schemaVersion 1 the hub may add optional fields, which consumers must ignore.
 */
export function renderNotificationSchema(): string {
  const schema = z.toJSONSchema(canonicalNotificationSchema, { target: "draft-2020-12", io: "input" });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
