import type { NotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import type { ReportQuota } from "../../shared/adapters/dynamodb/report-quota.ts";
import type { ReportOutcome } from "../../shared/api/responses.ts";
import type { DeploymentId } from "../../shared/domain/catalogue/index.ts";
import {
  QuotaExceededError,
  ReportsForbiddenError,
  RequestRejectedError,
  StoreUnavailableError,
  StoringInterruptedError,
} from "../../shared/domain/errors.ts";
import type { FiledBy } from "../../shared/domain/notification.ts";
import { mapReportRequest } from "../../shared/reports/index.ts";
import { refuseMisplaced, storeEach } from "../../shared/use-cases/store-notifications.ts";

export interface AcceptReportsDependencies {
  readonly deployment: DeploymentId;
  readonly store: NotificationStore;
  readonly quota: ReportQuota;
  readonly now: () => Date;
  readonly newId: () => string;
}

/**
 * The reports use case: validate every report against its kind's contract and check that the caller's
 * unit files that kind and that it belongs to this deployment, count the reports against the unit's
 * quota, then store each exactly once (a unit's report id once per unit). All or nothing: any refusal
 * (`ReportsForbiddenError`, `RequestRejectedError`, `QuotaExceededError`) stores nothing.
 */
export async function acceptReportsRequest(
  caller: FiledBy,
  body: unknown,
  deps: AcceptReportsDependencies,
): Promise<ReportOutcome[]> {
  const receivedAt = deps.now();
  const mapped = mapReportRequest(body, {
    deployment: deps.deployment,
    receivedAt,
    newId: deps.newId,
    caller,
  });
  if (!mapped.ok && mapped.reason === "forbidden") {
    throw new ReportsForbiddenError(
      mapped.forbidden.map(({ path, code, message }) => ({ path, code, message })),
    );
  }
  if (!mapped.ok) {
    throw new RequestRejectedError(
      "contract.invalid",
      "The request does not match the report contracts.",
      mapped.errors,
    );
  }
  refuseMisplaced(mapped.reports, deps.deployment, "reports");
  await takeQuota(caller, mapped.reports.length, receivedAt, deps.quota);
  const stored = await storeEach(mapped.reports, deps.store);
  return stored.map(({ item, notificationId, status }) => ({
    reportId: item.reportId,
    notificationId,
    status,
  }));
}

async function takeQuota(caller: FiledBy, reports: number, now: Date, quota: ReportQuota): Promise<void> {
  try {
    const decision = await quota.take(caller.unit, reports, now);
    if (!decision.taken) throw new QuotaExceededError(quota.reportsPerMinute, decision.retryAfterSeconds);
  } catch (error) {
    // Nothing is stored yet: the answer is the store's 503, with nothing stored.
    if (error instanceof StoreUnavailableError)
      throw new StoringInterruptedError(0, reports, { cause: error });
    throw error;
  }
}
