/**
 * The queries and the audit log in the OpenAPI document (scripts/docs/openapi-queries.ts), beside the
 * IAM routes the API serves them on: each GET is SigV4-authorised, its parameters are exactly those of
 * the zod schemas the functions parse, its answers the response schemas and the hub's error body.
 */
import { describe, expect, it } from "vitest";
import { renderOpenApi } from "../../scripts/docs/openapi.ts";
import { queryIds } from "../../shared/domain/catalogue/index.ts";
import { auditQuerySchema } from "../../shared/domain/queries/audit-query.ts";
import { invitersQuerySchema } from "../../shared/domain/queries/inviters.ts";
import { pageQuerySchema } from "../../shared/domain/queries/paging.ts";
import { personQuerySchema, stayLegalityQuerySchema } from "../../shared/domain/queries/person-key.ts";
import { AUDIT_PATH, PURPOSE_HEADER, QUERY_PATHS } from "../../shared/wiring/query-routes.ts";

interface Parameter {
  readonly in: string;
  readonly name: string;
  readonly required?: boolean;
}

const document = JSON.parse(renderOpenApi());
const operationAt = (path: string) => document.paths[path].get;
const names = (parameters: readonly Parameter[], where: string) =>
  parameters.filter((parameter) => parameter.in === where).map((parameter) => parameter.name);

describe("OpenAPI document, queries and audit log", () => {
  it("has a SigV4-authorised GET at each query path and at the audit path, and nothing else there", () => {
    for (const path of [...Object.values(QUERY_PATHS), AUDIT_PATH]) {
      expect(Object.keys(document.paths[path]), path).toEqual(["get"]);
      expect(operationAt(path).security, path).toEqual([{ sigv4: [] }]);
    }
  });

  it("takes each query's parameters from the schema its function parses, and requires the purpose header", () => {
    const expected = {
      persons: [...Object.keys(personQuerySchema.shape), ...Object.keys(pageQuerySchema.shape)],
      "stay-legality": Object.keys(stayLegalityQuerySchema.shape),
      inviters: Object.keys(invitersQuerySchema.shape),
    };
    for (const id of queryIds) {
      const parameters: Parameter[] = operationAt(QUERY_PATHS[id]).parameters;
      expect(names(parameters, "query"), id).toEqual(expected[id]);
      expect(
        parameters.filter((parameter) => parameter.in === "header"),
        id,
      ).toEqual([expect.objectContaining({ name: PURPOSE_HEADER, required: true })]);
    }
    const audit: Parameter[] = operationAt(AUDIT_PATH).parameters;
    expect(names(audit, "query")).toEqual(Object.keys(auditQuerySchema.shape));
    expect(names(audit, "header")).toEqual([]);
  });

  it("answers with the response schemas, and every refusal in the hub's error body", () => {
    const answers = {
      persons: "PersonsAnswer",
      "stay-legality": "StayLegalityAnswer",
      inviters: "InvitersAnswer",
    };
    for (const id of queryIds) {
      const { responses } = operationAt(QUERY_PATHS[id]);
      expect(Object.keys(responses), id).toEqual(["200", "400", "403", "422", "503"]);
      expect(responses["200"].content["application/json"].schema).toEqual({
        $ref: `#/components/schemas/${answers[id]}`,
      });
      expect(responses["403"].content["application/json"].example.error.code).toBe("query.forbidden");
      expect(responses["503"].headers["Retry-After"].required).toBe(true);
    }
    const { responses } = operationAt(AUDIT_PATH);
    expect(Object.keys(responses)).toEqual(["200", "400", "403", "503"]);
    expect(responses["200"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/AuditAnswer",
    });
    for (const path of [...Object.values(QUERY_PATHS), AUDIT_PATH]) {
      const { responses: all } = operationAt(path);
      for (const status of Object.keys(all).filter((one) => one !== "200")) {
        expect(all[status].content["application/json"].schema, `${path} ${status}`).toEqual({
          $ref: "#/components/schemas/ErrorBody",
        });
      }
    }
  });

  it("shows a 400 exactly as the query's parser words it", () => {
    const invalid = operationAt(QUERY_PATHS.inviters).responses["400"].content["application/json"].example;
    expect(invalid.error.code).toBe("query.invalid");
    expect(invalid.error.details).toEqual([
      expect.objectContaining({ path: "/query/from", code: "query.required" }),
      expect.objectContaining({ path: "/query/to", code: "query.required" }),
    ]);
  });
});
