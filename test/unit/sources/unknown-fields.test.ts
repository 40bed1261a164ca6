/**
 * A field the contract does not define is refused without repeating its name: the sender chose that
 * name, and it can carry anything (a person's name, an IIN). The error points at the object holding
 * it and says which of the object's fields it is, counting in the order sent.
 */
import { describe, expect, it } from "vitest";
import type { FieldError } from "../../../shared/domain/field-error.ts";
import { mapReportRequest } from "../../../shared/reports/index.ts";
import { mapFeedRequest } from "../../../shared/sources/index.ts";
import { reportContext, sampleReport } from "../reports/support.ts";
import { firstRecord, type Json, type JsonObject, loadFixture, mapContext } from "./support.ts";

const sampleRecord = firstRecord(loadFixture("kqp", "registration.migration"));

function feedErrors(records: Json[], extra: JsonObject = {}): FieldError[] {
  const mapping = mapFeedRequest("kqp", { contractVersion: "1", records, ...extra }, mapContext());
  return mapping.ok ? [] : mapping.errors;
}

/** The record with `fields` added after its own, in that order. */
const withFields = (fields: JsonObject): JsonObject => ({ ...sampleRecord, ...fields });
const fieldCount = Object.keys(sampleRecord).length;

describe("unknown fields", () => {
  it("point at the object and give the field's position, never its name", () => {
    // Prepare: a key carrying a name and an IIN
    const errors = feedErrors([withFields({ "Иванов Иван 900314300125": "x" })]);

    // Assess
    expect(errors).toEqual([
      {
        path: "/records/0",
        code: "contract.unknown-field",
        message: expect.stringContaining(`field ${fieldCount + 1} of this object`),
      },
    ]);
    expect(JSON.stringify(errors)).not.toMatch(/Иванов|900314300125/);
  });

  it("give each unknown field of an object its own error, counting in the order sent", () => {
    // Prepare
    const record: JsonObject = { secret: 1, ...sampleRecord, Region: "KZ-75" };

    // Act
    const errors = feedErrors([record]);

    // Assess
    expect(errors.map((error) => [error.path, error.message.match(/field \d+ of this object/)?.[0]])).toEqual(
      [
        ["/records/0", "field 1 of this object"],
        ["/records/0", `field ${fieldCount + 2} of this object`],
      ],
    );
    expect(JSON.stringify(errors)).not.toMatch(/secret|Region/);
  });

  it("say a field named by a small number is one, without the number: JSON objects list those first", () => {
    // Act
    const errors = feedErrors([withFields({ note: "x", "42": "x" })]);

    // Assess
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringContaining("a field named by a number"),
      expect.stringContaining(
        `field ${fieldCount + 1} of this object (counting from 1 in the order sent, leaving out fields named by a number)`,
      ),
    ]);
    expect(JSON.stringify(errors)).not.toMatch(/42|note/);
  });

  it("at the top of the body point at the whole body", () => {
    // Act
    const errors = feedErrors([sampleRecord], { Иванов: "x" });

    // Assess
    expect(errors).toEqual([{ path: "", code: "contract.unknown-field", message: expect.any(String) }]);
    expect(errors[0]?.message).toContain("field 3 of this object");
    expect(errors[0]?.message).not.toContain("Иванов");
  });

  it("are refused the same way in units' reports", () => {
    // Act
    const mapping = mapReportRequest(
      { reports: [{ ...sampleReport("foreigner.detained"), "Ivanov 900314300125": true }] },
      reportContext("duty"),
    );

    // Assess
    const errors = !mapping.ok && mapping.reason === "invalid" ? mapping.errors : [];
    expect(errors.map((error) => [error.path, error.code])).toEqual([
      ["/reports/0", "contract.unknown-field"],
    ]);
    expect(JSON.stringify(errors)).not.toMatch(/Ivanov|900314300125/);
  });
});
