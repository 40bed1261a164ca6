/**
 * The evidence leaves the notification table holds for a period: every notification received in it
 * (the "received per day" index, never a Scan) and its routing. The checkpoint function commits to
 * them; `hub verify` reads them again and compares.
 */
import type { ExtraSubscriptions } from "../../domain/catalogue/index.ts";
import type { EvidenceLeaf } from "../../evidence/leaves.ts";
import { leavesOfStoredNotification, readStoredNotification } from "../../evidence/store-leaves.ts";
import type { ReceiptPeriod, ReceivedNotificationReader } from "./received-notifications.ts";

export interface StoreLeaves {
  readonly leaves: EvidenceLeaf[];
  /** Stored notifications that are not JSON naming an id and a time of receipt: no leaf can name them. */
  readonly unreadable: number;
}

export interface StoreLeafReader {
  read(period: ReceiptPeriod): Promise<StoreLeaves>;
}

export class DynamoStoreLeafReader implements StoreLeafReader {
  constructor(
    private readonly notifications: Pick<ReceivedNotificationReader, "read">,
    private readonly extras: ExtraSubscriptions,
  ) {}

  async read(period: ReceiptPeriod): Promise<StoreLeaves> {
    const leaves: EvidenceLeaf[] = [];
    let unreadable = 0;
    for await (const page of this.notifications.read(period)) {
      for (const text of page) {
        const notification = readStoredNotification(text);
        if (notification === undefined) unreadable += 1;
        else leaves.push(...leavesOfStoredNotification(notification, this.extras));
      }
    }
    return { leaves, unreadable };
  }
}
