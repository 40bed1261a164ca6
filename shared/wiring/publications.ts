/**
 * When a notification went on the bus, for its trace: the publish function records it after EventBridge
 * accepted the event, one small item per notification in the notification table:
 * `PUBLICATION#<notificationId>`, `sk = PUBLICATION`, holding `publishedAt` (the latest time the
 * publish function put it on the bus, ISO) and the notification's `expiresAt`, so it goes with it. Its own partition, so that the publish function's policy names it (`dynamodb:LeadingKeys`
 * = `PUBLICATION#*`) and the function can never write a notification; the notification item itself
 * is never changed (the evidence log hashes it). No index attribute: the stream filter passes
 * notification items only, and a trace reads the item by its key. One write unit per notification.
 */
export const publicationMarks = {
  partitionKeyPrefix: "PUBLICATION#",
  sortKey: "PUBLICATION",
  publishedAt: "publishedAt",
} as const;
