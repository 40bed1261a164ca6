import type { KindPeriodIndex } from "../../shared/adapters/dynamodb/kind-period-index.ts";
import type { NotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import type { ListBucket } from "../../shared/adapters/s3/list-files.ts";
import { type DeploymentId, deployments, regionsOf } from "../../shared/domain/catalogue/index.ts";
import {
  ADMIN_519_KIND,
  type Admin519List,
  type Admin519Notification,
  buildAdmin519List,
} from "../../shared/domain/lists/admin-519-list.ts";
import { citizenshipCsv, listCsv, listJson } from "../../shared/domain/lists/list-files.ts";
import { type ListFiles, monthlyListNotification } from "../../shared/domain/lists/list-notification.ts";
import { isMonth, monthOf, periodOfMonths, previousMonth } from "../../shared/domain/lists/months.ts";
import type { CanonicalNotification } from "../../shared/domain/notification.ts";
import { admin519ListKeys } from "../../shared/wiring/monthly-lists.ts";

export interface MonthlyListDependencies {
  readonly deployment: DeploymentId;
  readonly index: Pick<KindPeriodIndex, "notifications">;
  readonly bucket: Pick<ListBucket, "bucketName" | "put">;
  readonly store: NotificationStore;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** What a run did: the month, the list's counts and files, and whether its notification is new. */
export interface MonthlyListRun {
  readonly month: string;
  readonly status: "stored" | "duplicate";
  readonly notificationId: string;
  readonly counts: Admin519List["counts"];
  readonly files: ListFiles;
}

/** The run was asked for a month it cannot build: not `YYYY-MM`, or not over yet. */
export class MonthNotBuildableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MonthNotBuildableError";
  }
}

/**
 * The month a run builds: the one asked for (`{ "month": "YYYY-MM" }`, by hand), else the month before
 * the run on the deployment's clocks (the schedule's run on the 1st). Only a month that is over: a
 * list of a month still going on would be stored, and notified, incomplete.
 */
function monthToBuild(request: unknown, now: Date, timeZone: string): string {
  const asked =
    typeof request === "object" && request !== null && "month" in request ? request.month : undefined;
  if (asked === undefined) return previousMonth(now, timeZone);
  if (!isMonth(asked)) throw new MonthNotBuildableError("`month` must be a month `YYYY-MM`.");
  if (asked >= monthOf(now.toISOString(), timeZone))
    throw new MonthNotBuildableError(
      `${asked} is not over yet on the deployment's clocks: its list cannot be built.`,
    );
  return asked;
}

const isAdmin519 = (notification: CanonicalNotification): notification is Admin519Notification =>
  notification.kind === ADMIN_519_KIND;

/**
 * The monthly list use case (rules art. 11.7): reads the month's art.-519 offences of the deployment
 * through the index, writes the list's files (same month, same bytes), then stores ONE notification
 * of it for imc, whose fixed record id makes a rebuilt month a duplicate that nobody is sent. The
 * files are written first, so that the notification never names a file that is not there.
 */
export async function buildMonthlyList(
  request: unknown,
  deps: MonthlyListDependencies,
): Promise<MonthlyListRun> {
  const { timeZone, isoCode } = deployments[deps.deployment];
  const month = monthToBuild(request, deps.now(), timeZone);
  const period = periodOfMonths(month, month, timeZone);
  const stored = await deps.index.notifications(ADMIN_519_KIND, regionsOf(deps.deployment), period);
  const list = buildAdmin519List(stored.filter(isAdmin519), {
    deployment: deps.deployment,
    region: isoCode,
    month,
    timeZone,
    period,
  });
  const keys = admin519ListKeys(month);
  await deps.bucket.put(keys.csv, listCsv(list), "csv");
  await deps.bucket.put(keys.citizenshipCsv, citizenshipCsv(list), "csv");
  await deps.bucket.put(keys.json, listJson(list), "json");
  const files: ListFiles = { bucket: deps.bucket.bucketName, ...keys };
  const outcome = await deps.store.storeOnce(
    monthlyListNotification(list, files, { id: deps.newId(), receivedAt: deps.now() }),
  );
  return {
    month,
    status: outcome.status,
    notificationId: outcome.notificationId,
    counts: list.counts,
    files,
  };
}
