import type { KindPeriodIndex } from "../../shared/adapters/dynamodb/kind-period-index.ts";
import { isTransientAwsError } from "../../shared/adapters/transient-errors.ts";
import {
  type DeploymentId,
  deployments,
  type ExtraSubscriptions,
  kindIds,
  kindsByUnit,
  mayReadStatistics,
  regionsOf,
} from "../../shared/domain/catalogue/index.ts";
import {
  QueryParametersError,
  ReadUnavailableError,
  StatisticsForbiddenError,
} from "../../shared/domain/errors.ts";
import { periodOfMonths } from "../../shared/domain/lists/months.ts";
import type { FiledBy } from "../../shared/domain/notification.ts";
import type { QueryParameters } from "../../shared/domain/queries/parameters.ts";
import { type StatsReport, statsCounter, statsQueryOf } from "../../shared/domain/stats/statistics.ts";

export interface StatsDependencies {
  readonly deployment: DeploymentId;
  readonly extraSubscriptions: ExtraSubscriptions;
  readonly index: Pick<KindPeriodIndex, "forEachEntry">;
}

/**
 * The statistics use case: a unit the catalogue lets read them (403 otherwise), a valid period
 * (400), then every kind's index entries of the period in each region of the deployment, counted.
 * Aggregates only, nothing personal: no purpose is asked and nothing is audited
 * (docs/decisions/who-reads-statistics.md).
 */
export async function readStatistics(
  caller: FiledBy,
  parameters: QueryParameters,
  deps: StatsDependencies,
): Promise<StatsReport> {
  if (!mayReadStatistics(caller.unit)) throw new StatisticsForbiddenError(caller.unit);
  const query = statsQueryOf(parameters);
  if (!query.ok) throw new QueryParametersError(query.errors);
  const { timeZone } = deployments[deps.deployment];
  const period = periodOfMonths(query.value.from, query.value.to, timeZone);
  const counter = statsCounter(query.value, {
    deployment: deps.deployment,
    timeZone,
    routing: kindsByUnit(deps.extraSubscriptions),
  });
  try {
    await deps.index.forEachEntry(kindIds, regionsOf(deps.deployment), period, counter.add);
  } catch (error) {
    if (isTransientAwsError(error)) throw new ReadUnavailableError({ cause: error });
    throw error;
  }
  return counter.report();
}
