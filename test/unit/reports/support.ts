/** Shared helpers of the report tests: samples, a caller per unit, a fixed mapping context. */
import { readdirSync, readFileSync } from "node:fs";
import { monotonicFactory } from "ulid";
import {
  type DeploymentId,
  filingUnitOf,
  type UnitId,
  type UnitReportKindId,
} from "../../../shared/domain/catalogue/index.ts";
import type { FiledBy } from "../../../shared/domain/notification.ts";
import type { ReportContext } from "../../../shared/reports/index.ts";
import type { JsonObject } from "../sources/support.ts";

export const RECEIVED_AT = new Date("2025-06-02T09:00:00.000Z");

const samplesRoot = new URL("../../../samples/reports/", import.meta.url);

/** The caller API Gateway would hand over for an officer of `unit`. */
export function callerOf(unit: UnitId): FiledBy {
  return {
    unit,
    principal: `arn:aws:sts::123456789012:assumed-role/hub-almaty-${unit}/officer.test`,
    officer: "officer.test",
  };
}

export function reportContext(unit: UnitId, deployment: DeploymentId = "almaty"): ReportContext {
  const next = monotonicFactory();
  return {
    deployment,
    receivedAt: RECEIVED_AT,
    newId: () => next(RECEIVED_AT.getTime()),
    caller: callerOf(unit),
  };
}

/** The unit that files `kind` (every unit-report kind has one). */
export function unitOf(kind: UnitReportKindId): UnitId {
  const unit = filingUnitOf(kind);
  if (unit === undefined) throw new Error(`${kind} is not filed by a unit`);
  return unit;
}

/** A fresh copy of a sample request body. */
export function loadSample(kind: string): JsonObject {
  return JSON.parse(readFileSync(new URL(`${kind}.json`, samplesRoot), "utf8")) as JsonObject;
}

/** The sample files, without `.json`. */
export function sampleNames(): string[] {
  return readdirSync(samplesRoot)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

/** The one report of a sample. */
export function sampleReport(kind: UnitReportKindId): JsonObject {
  const reports = loadSample(kind).reports;
  const [report] = Array.isArray(reports) ? reports : [];
  if (report === undefined || report === null || typeof report !== "object" || Array.isArray(report)) {
    throw new Error(`sample ${kind} without a report`);
  }
  return report;
}
