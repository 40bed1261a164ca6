/**
 * The units' reports (rules art. 12–14; 6.1, 9, 10.5): one contract per unit-report kind, and
 * `mapReportRequest`, the one entry point the reports function uses. Which unit may file which kind is
 * the catalogue's origin of that kind (`filingUnitOf`); who filed it comes from the caller IAM
 * authorised, never from the body.
 */
import * as z from "zod";
import {
  filingUnitOf,
  isKindId,
  isUnitReportKind,
  kindsFiledBy,
  type UnitId,
  type UnitReportKindId,
  unitReportKindIds,
} from "../domain/catalogue/index.ts";
import type { FieldError } from "../domain/field-error.ts";
import type { CanonicalNotification, FiledBy } from "../domain/notification.ts";
import { ErrorList } from "../sources/kit/error-list.ts";
import type { MapContext } from "../sources/kit/feed.ts";
import { fieldErrorsOfIssues } from "../sources/kit/issues.ts";
import { RecordScope, requestScope } from "../sources/kit/record-scope.ts";
import {
  dualCitizenshipReport,
  housingOrJobProviderReport,
  illegalEmploymentReport,
  migrantLocationReport,
  migrantTransportReport,
} from "./admin-police.ts";
import {
  foreignerDetainedReport,
  foreignerIncidentReport,
  foreignerSuddenDeathReport,
  foreignerUndocumentedReport,
} from "./duty.ts";
import { envelopeSchema, ownField, reportsBodySchemaOf, reportsToValidate } from "./envelope.ts";
import { channelReport } from "./imc.ts";
import { prisonerExpulsionDueReport, prisonerOffenceReport, prisonerReleasedReport } from "./penal-ops.ts";
import type { ReportContract } from "./report.ts";

export type { ReportContract } from "./report.ts";

/** The contract of every unit-report kind (a kind missing here fails to compile). */
export const reportContracts: { readonly [K in UnitReportKindId]: ReportContract<K> } = {
  "labour.migrant-location": migrantLocationReport,
  "labour.illegal-employment": illegalEmploymentReport,
  "provider.housing-or-job": housingOrJobProviderReport,
  "provider.migrant-transport": migrantTransportReport,
  "citizenship.dual": dualCitizenshipReport,
  "prisoner.offence": prisonerOffenceReport,
  "prisoner.expulsion-due": prisonerExpulsionDueReport,
  "prisoner.released": prisonerReleasedReport,
  "foreigner.incident": foreignerIncidentReport,
  "foreigner.undocumented": foreignerUndocumentedReport,
  "foreigner.detained": foreignerDetainedReport,
  "foreigner.sudden-death": foreignerSuddenDeathReport,
  "channel.identified": channelReport,
};

/** One report, any kind: a union discriminated by `kind`, for documentation (OpenAPI). */
const reportSchemas = unitReportKindIds.map((kind) => reportContracts[kind].schema);
export const unitReportSchema = z
  .discriminatedUnion("kind", reportSchemas as [z.ZodObject, ...z.ZodObject[]])
  .meta({ id: "UnitReport", description: "A report of one of the kinds units file, by `kind`" });

/** The request body of `POST /v1/reports`, for documentation (OpenAPI). */
export const reportsBodySchema = reportsBodySchemaOf(unitReportSchema);

/** What `mapReportRequest` needs besides the body: where and when, and who called. */
export interface ReportContext extends MapContext {
  /** The caller API Gateway authorised (IAM), stored with each notification as `filedBy`. */
  readonly caller: FiledBy;
}

/**
 * A report of a kind the calling unit may not file: a field error at its `kind` (code
 * `report.kind-forbidden`, for the 403 body's details) that also names the kind and who files it.
 */
export interface ForbiddenReport extends FieldError {
  readonly kind: UnitReportKindId;
  /** The unit that files this kind. */
  readonly filingUnit: UnitId;
}

export interface MappedReport {
  readonly reportId: string;
  readonly notification: CanonicalNotification;
}

/**
 * Every report mapped; or the field errors of every report (`invalid`: the edge answers 422); or, when
 * any report is of a kind the caller's unit does not file, those reports (`forbidden`: 403), whatever
 * else is wrong.
 */
export type ReportMapping =
  | { readonly ok: true; readonly reports: MappedReport[] }
  | { readonly ok: false; readonly reason: "invalid"; readonly errors: FieldError[] }
  | { readonly ok: false; readonly reason: "forbidden"; readonly forbidden: ForbiddenReport[] };

type ContractLookup =
  | { readonly found: "contract"; readonly contract: ReportContract }
  | { readonly found: "error"; readonly error: FieldError }
  | { readonly found: "forbidden"; readonly forbidden: ForbiddenReport };

const KINDS_LIST = unitReportKindIds.map((kind) => JSON.stringify(kind)).join(", ");

function kindsFiledByText(unit: UnitId): string {
  const filed = kindsFiledBy(unit);
  return filed.length === 0
    ? `\`${unit}\` files no reports`
    : `\`${unit}\` files ${filed.map((kind) => `\`${kind}\``).join(", ")}`;
}

/** The contract for a raw report, by its `kind`, when the kind exists and the caller's unit files it. */
function contractOf(raw: unknown, pointer: string, unit: UnitId): ContractLookup {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { found: "error", error: { path: pointer, code: "contract.type", message: "Must be an object." } };
  }
  const kind = ownField(raw, "kind");
  if (kind === undefined) {
    return {
      found: "error",
      error: {
        path: `${pointer}/kind`,
        code: "contract.required",
        message: `This field is required: one of ${KINDS_LIST}.`,
      },
    };
  }
  if (!isKindId(kind) || !isUnitReportKind(kind)) {
    return {
      found: "error",
      error: {
        path: `${pointer}/kind`,
        code: "report.kind-unknown",
        message: `No kind of report units file has this name: one of ${KINDS_LIST}.`,
      },
    };
  }
  const filingUnit = filingUnitOf(kind);
  if (filingUnit !== unit && filingUnit !== undefined) {
    const forbidden: ForbiddenReport = {
      path: `${pointer}/kind`,
      code: "report.kind-forbidden",
      message: `Unit \`${unit}\` does not file this kind: \`${filingUnit}\` does (${kindsFiledByText(unit)}).`,
      kind,
      filingUnit,
    };
    return { found: "forbidden", forbidden };
  }
  return { found: "contract", contract: reportContracts[kind] };
}

/**
 * Validates a reports request body and maps every report to a canonical notification (`source`
 * `units`, `upstream.system` the filing unit, `upstream.recordId` the reportId, `filedBy` the caller).
 * Never throws: any JSON value gives one of the three outcomes of {@link ReportMapping}; field errors
 * are JSON pointers from the body root whose messages never repeat the values sent.
 */
export function mapReportRequest(body: unknown, context: ReportContext): ReportMapping {
  const errors = new ErrorList();
  const forbidden: ForbiddenReport[] = [];
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) errors.add(fieldErrorsOfIssues(envelope.error.issues, [], body));

  const reports: MappedReport[] = [];
  const request = requestScope(context);
  const firstIndexOfId = new Map<string, number>();
  const raws = reportsToValidate(body);
  for (let index = 0; index < raws.length && !errors.full; index++) {
    const raw = raws[index];
    const pointer = `/reports/${index}`;
    const lookup = contractOf(raw, pointer, context.caller.unit);
    if (lookup.found === "error") errors.add([lookup.error]);
    else if (lookup.found === "forbidden") forbidden.push(lookup.forbidden);
    else {
      const parsed = lookup.contract.parse(raw);
      if (!parsed.ok) errors.add(fieldErrorsOfIssues(parsed.issues, ["reports", index], raw));
      else {
        const { report } = parsed;
        const scope = new RecordScope(
          request,
          {
            recordType: report.kind,
            recordId: report.reportId,
            region: report.region,
            occurredAt: report.occurredAt,
            place: report.place,
          },
          pointer,
        );
        const notification = parsed.notify(scope);
        if (scope.problems.length > 0) errors.add(scope.problems);
        else
          reports.push({
            reportId: report.reportId,
            notification: { ...notification, filedBy: context.caller },
          });
      }
    }
    const reportId = ownField(raw, "reportId");
    if (typeof reportId === "string") {
      const first = firstIndexOfId.get(reportId);
      if (first === undefined) firstIndexOfId.set(reportId, index);
      else {
        errors.add([
          {
            path: `${pointer}/reportId`,
            code: "reports.duplicate-id",
            message: `Report ${first} of this request has the same reportId; each report needs its own.`,
          },
        ]);
      }
    }
  }
  if (forbidden.length > 0) return { ok: false, reason: "forbidden", forbidden };
  return errors.length > 0 ? { ok: false, reason: "invalid", errors: errors.list() } : { ok: true, reports };
}
