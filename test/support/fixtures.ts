import { readFileSync } from "node:fs";
import {
  type FeedKindId,
  type FeedSourceId,
  feedKindIds,
  feedOf,
  filingUnitOf,
  type RegionCode,
  type UnitId,
  type UnitReportKindId,
  unitReportKindIds,
} from "../../shared/domain/catalogue/index.ts";

export interface FeedFixture {
  readonly kind: FeedKindId;
  readonly source: FeedSourceId;
  readonly body: { contractVersion: string; records: Record<string, unknown>[] };
}

function sourceOf(kind: FeedKindId): FeedSourceId {
  const source = feedOf(kind);
  if (source === undefined) throw new Error(`${kind} is not a feed kind`);
  return source;
}

/** The example request of one feed kind (`samples/feeds/<source>/<kind>.json`). */
export function feedFixture(kind: FeedKindId): FeedFixture {
  const source = sourceOf(kind);
  const url = new URL(`../../samples/feeds/${source}/${kind}.json`, import.meta.url);
  return { kind, source, body: JSON.parse(readFileSync(url, "utf8")) as FeedFixture["body"] };
}

/** One fixture per feed kind of the catalogue. */
export const feedFixtures: readonly FeedFixture[] = feedKindIds.map(feedFixture);

/** A fixture's body with every record id made unique, so a test can send it as a new record. */
export function withFreshRecordIds(fixture: FeedFixture, suffix: string): FeedFixture["body"] {
  return {
    ...fixture.body,
    records: fixture.body.records.map((record) => ({
      ...record,
      recordId: `${String(record.recordId)}-${suffix}`,
    })),
  };
}

export interface ReportFixture {
  readonly kind: UnitReportKindId;
  /** The unit that files this kind. */
  readonly unit: UnitId;
  readonly body: { reports: Record<string, unknown>[] };
}

/** The example request of one unit-report kind (`samples/reports/<kind>.json`). */
export function reportFixture(kind: UnitReportKindId): ReportFixture {
  const unit = filingUnitOf(kind);
  if (unit === undefined) throw new Error(`${kind} is not a unit-report kind`);
  const url = new URL(`../../samples/reports/${kind}.json`, import.meta.url);
  return { kind, unit, body: JSON.parse(readFileSync(url, "utf8")) as ReportFixture["body"] };
}

/** One fixture per unit-report kind of the catalogue. */
export const reportFixtures: readonly ReportFixture[] = unitReportKindIds.map(reportFixture);

/** A fixture's body with every report id made unique, so a test can file it as a new report. */
export function withFreshReportIds(fixture: ReportFixture, suffix: string): ReportFixture["body"] {
  return {
    reports: fixture.body.reports.map((report) => ({
      ...report,
      reportId: `${String(report.reportId)}-${suffix}`,
    })),
  };
}

/** A reports body with every report placed in `region` (the samples come from several regions). */
export function inRegion(body: ReportFixture["body"], region: RegionCode): ReportFixture["body"] {
  return { reports: body.reports.map((report) => ({ ...report, region })) };
}
