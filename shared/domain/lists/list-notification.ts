/**
 * The notification that tells imc a month's list is ready. Its upstream record id is fixed by the
 * deployment and the month, so a rebuilt month is stored as a duplicate of the first and nobody is
 * notified twice.
 */
import { kinds, kindTexts } from "../catalogue/index.ts";
import type { NotificationOf } from "../notification.ts";
import { NOTIFICATION_SCHEMA_VERSION } from "../notification-version.ts";
import type { Admin519List } from "./admin-519-list.ts";

export const MONTHLY_LIST_KIND = "offence.admin-519.monthly-list";
export type MonthlyListNotification = NotificationOf<typeof MONTHLY_LIST_KIND>;
export type ListFiles = MonthlyListNotification["facts"]["files"];

/** `upstream.recordType` of every monthly art.-519 list. */
export const MONTHLY_LIST_RECORD_TYPE = "admin-519-monthly-list";

/** The upstream record id of a deployment's list of a month: the same on every build. */
export function monthlyListRecordId(list: Pick<Admin519List, "deployment" | "month">): string {
  return `${list.deployment}.519.${list.month}`;
}

/**
 * The notification of `list`, its files at `files`: the counts and the summary by citizenship, no
 * person (the files name them; imc alone may read them). It "occurred" at the month's end.
 */
export function monthlyListNotification(
  list: Admin519List,
  files: ListFiles,
  stored: { readonly id: string; readonly receivedAt: Date },
): MonthlyListNotification {
  const { articles } = kinds[MONTHLY_LIST_KIND];
  const { title } = kindTexts[MONTHLY_LIST_KIND];
  return {
    schemaVersion: NOTIFICATION_SCHEMA_VERSION,
    id: stored.id,
    kind: MONTHLY_LIST_KIND,
    source: "hub",
    deployment: list.deployment,
    region: list.region,
    // The month's last millisecond: the list closes the month it lists, and is counted in it.
    occurredAt: new Date(Date.parse(list.period.to) - 1).toISOString(),
    receivedAt: stored.receivedAt.toISOString(),
    articles: [...articles],
    title,
    subject: { persons: [] },
    facts: {
      month: list.month,
      period: list.period,
      offences: list.counts.offences,
      persons: list.counts.persons,
      repeatOffenders: list.counts.repeatOffenders,
      byCitizenship: list.byCitizenship.map((count) => ({ ...count })),
      files,
    },
    upstream: {
      system: "lists",
      recordId: monthlyListRecordId(list),
      recordType: MONTHLY_LIST_RECORD_TYPE,
    },
  };
}
