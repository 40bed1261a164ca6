/**
 * The `POST /v1/reports` operation of the OpenAPI document: the units' reports, IAM-authorised
 * (SigV4), generated from the zod report contracts, with the samples as examples.
 */
import { readFileSync } from "node:fs";
import type { ZodOpenApiOperationObject } from "zod-openapi";
import { reportsAcceptedBodySchema } from "../../shared/api/responses.ts";
import {
  filingUnitOf,
  kindsFiledBy,
  kindTexts,
  type UnitReportKindId,
  unitIds,
  unitReportKindIds,
} from "../../shared/domain/catalogue/index.ts";
import type { FieldError } from "../../shared/domain/field-error.ts";
import type { FiledBy } from "../../shared/domain/notification.ts";
import { mapReportRequest, reportsBodySchema } from "../../shared/reports/index.ts";
import { MAX_REPORTS_PER_REQUEST } from "../../shared/wiring/limits.ts";
import { errorContent, retryAfterHeaders, sharedErrorResponses } from "./error-content.ts";

const samplesRoot = new URL("../../samples/reports/", import.meta.url);

function sample(kind: UnitReportKindId): { reports: unknown[] } {
  return JSON.parse(readFileSync(new URL(`${kind}.json`, samplesRoot), "utf8"));
}

/** The security scheme API Gateway's IAM authorization is described with (its OpenAPI extension). */
export const sigv4SecurityScheme = {
  type: "apiKey",
  name: "Authorization",
  in: "header",
  "x-amazon-apigateway-authtype": "awsSigv4",
  description:
    "AWS Signature Version 4 by the unit's IAM role of this deployment (API Gateway IAM authorization). The role names the unit; the role session name names the officer.",
} as const;

const exampleCaller: FiledBy = {
  unit: "admin-police",
  principal: "arn:aws:sts::123456789012:assumed-role/hub-almaty-admin-police/e.seitkali",
  officer: "e.seitkali",
};

function errorExample(code: string, message: string, details: readonly FieldError[]): unknown {
  return { requestId: "c5a1d2b4-7e8f-4a6b-9c0d-1e2f3a4b5c6d", error: { code, message, details } };
}

function mapped(body: unknown, caller: FiledBy) {
  return mapReportRequest(body, {
    deployment: "almaty",
    receivedAt: new Date("2025-06-02T09:00:00.000Z"),
    newId: () => "01JWT00000000000000000000",
    caller,
  });
}

/** A 422 body exactly as the hub answers a dual-citizenship report with a wrong IIN check digit. */
function contractErrorExample(): unknown {
  const body = sample("citizenship.dual");
  const [report] = body.reports as Array<{ person: { iin: string } }>;
  if (report !== undefined) report.person.iin = "690924400231";
  const mapping = mapped(body, exampleCaller);
  return errorExample(
    "contract.invalid",
    "The request does not match the report contracts.",
    mapping.ok || mapping.reason !== "invalid" ? [] : mapping.errors,
  );
}

/** A 403 body as the hub answers a duty unit that files an administrative police report. */
function forbiddenExample(): unknown {
  const mapping = mapped(sample("labour.illegal-employment"), { ...exampleCaller, unit: "duty" });
  return errorExample(
    "report.forbidden",
    "The calling unit does not file some of these reports' kinds.",
    mapping.ok || mapping.reason !== "forbidden"
      ? []
      : mapping.forbidden.map(({ path, code, message }) => ({ path, code, message })),
  );
}

function filingText(): string {
  return unitIds
    .filter((unit) => kindsFiledBy(unit).length > 0)
    .map(
      (unit) =>
        `- \`${unit}\`: ${kindsFiledBy(unit)
          .map((kind) => `\`${kind}\``)
          .join(", ")}`,
    )
    .join("\n");
}

export function reportsOperation(): ZodOpenApiOperationObject {
  const adminPoliceKinds = unitReportKindIds.filter((kind) => filingUnitOf(kind) === "admin-police");
  const examples = Object.fromEntries([
    ...unitReportKindIds.map((kind) => [
      kind,
      { summary: `One report: ${kindTexts[kind].title.en}`, value: sample(kind) },
    ]),
    [
      "multi-report",
      {
        summary: "Several reports of the administrative police in one request",
        value: { reports: adminPoliceKinds.flatMap((kind) => sample(kind).reports) },
      },
    ],
  ]);
  return {
    operationId: "postReports",
    tags: ["reports"],
    summary: "File reports of a unit",
    description: [
      `1 to ${MAX_REPORTS_PER_REQUEST} reports, all accepted or none, each of a kind the calling unit files:`,
      "",
      filingText(),
      "",
      "Who filed them is the IAM caller (stored as `filedBy`), never the body. The hub stores each (unit, reportId) once.",
    ].join("\n"),
    security: [{ sigv4: [] }],
    requestBody: {
      required: true,
      content: { "application/json": { schema: reportsBodySchema, examples } },
    },
    responses: {
      ...sharedErrorResponses("reports"),
      "202": {
        description:
          "Every report is durably stored, now (`stored`) or by an earlier request with the same reportId of the same unit (`duplicate`); each gets its notification id.",
        content: { "application/json": { schema: reportsAcceptedBodySchema } },
      },
      "403": {
        description:
          "A report is of a kind the calling unit does not file (`report.forbidden`; `details` has one `report.kind-forbidden` per such report, naming the unit that files it), or the caller is not a unit role of this deployment (`caller.unknown`). API Gateway answers a request whose signature is wrong or expired with 403 `access.denied`, and an unsigned one with 404 `route.unknown` (it cannot tell that from an unknown route).",
        content: errorContent(forbiddenExample()),
      },
      "422": {
        description:
          "Nothing was stored: the body breaks the report contracts (`contract.invalid`; `details` lists every bad field of every report as a JSON pointer with a stable code; a kind that does not exist is `report.kind-unknown`), or a report belongs to another deployment (`region.mismatch`, naming the right one).",
        content: errorContent(contractErrorExample()),
      },
      "429": {
        description:
          "The calling unit filed more reports this minute than its deployment allows (`reports.quota-exceeded`); nothing was stored. Retry after Retry-After seconds.",
        headers: retryAfterHeaders("30"),
        content: errorContent(),
      },
    },
  };
}
