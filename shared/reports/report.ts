/**
 * One unit-report contract: a kind's zod schema (strict, `kind` as its literal) and its mapper to the
 * canonical notification, bound together by `defineReport` so that the request mapper handles every
 * kind alike.
 */
import * as z from "zod";
import type { RegionCode, UnitReportKindId } from "../domain/catalogue/index.ts";
import type { Place, UnitReportNotification } from "../domain/notification.ts";
import type { RecordScope } from "../sources/kit/record-scope.ts";

/** The fields every report has, as its schema outputs them. */
export interface CommonReport {
  readonly kind: UnitReportKindId;
  readonly reportId: string;
  readonly region: RegionCode | null;
  readonly occurredAt: string;
  readonly place?: Place | undefined;
}

export type ParsedReport =
  | {
      readonly ok: true;
      readonly report: CommonReport;
      /** Maps the report within `scope` (whose problems the caller reads afterwards). */
      readonly notify: (scope: RecordScope) => UnitReportNotification;
    }
  | { readonly ok: false; readonly issues: readonly z.core.$ZodIssue[] };

export interface ReportContract<K extends UnitReportKindId = UnitReportKindId> {
  readonly kind: K;
  /** The report's schema (an object with `kind` as its literal), for documentation (OpenAPI) and tests. */
  readonly schema: z.ZodObject;
  readonly parse: (raw: unknown) => ParsedReport;
}

/**
 * Binds a kind's schema and mapper. The mapper calls `scope.notify(report.kind, …)`, so the schema's
 * `kind` literal decides the notification's kind.
 */
export function defineReport<K extends UnitReportKindId, R extends CommonReport & { readonly kind: K }>(
  kind: K,
  schema: z.ZodObject & z.ZodType<R>,
  map: (report: R, scope: RecordScope) => UnitReportNotification,
): ReportContract<K> {
  // Compiled on first use, as the feeds are: a request needs only the kinds it carries.
  let compiled: z.ZodType<R> | undefined;
  return {
    kind,
    schema,
    parse(raw) {
      compiled ??= z.compile(schema);
      const parsed = compiled.safeParse(raw);
      if (!parsed.success) return { ok: false, issues: parsed.error.issues };
      const report = parsed.data;
      return { ok: true, report, notify: (scope) => map(report, scope) };
    },
  };
}
