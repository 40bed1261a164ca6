import type { AuditPage, AuditReader } from "../../shared/adapters/dynamodb/audit-log.ts";
import { type DeploymentId, deployments } from "../../shared/domain/catalogue/index.ts";
import { QueryParametersError } from "../../shared/domain/errors.ts";
import { auditQueryOf } from "../../shared/domain/queries/audit-query.ts";
import type { QueryParameters } from "../../shared/domain/queries/parameters.ts";

export interface ReadAuditDependencies {
  readonly deployment: DeploymentId;
  readonly reader: AuditReader;
}

/**
 * Who asked what, when and why: the audit records of a period, of one unit or about one person (its
 * IIN or a document, normalised as the queries normalise them). Dates are read on the deployment's clocks.
 */
export async function readAudit(
  parameters: QueryParameters,
  deps: ReadAuditDependencies,
): Promise<AuditPage> {
  const query = auditQueryOf(parameters, deployments[deps.deployment].timeZone);
  if (!query.ok) throw new QueryParametersError(query.errors);
  return deps.reader.read(query.value);
}
