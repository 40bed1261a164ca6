/**
 * The receipts contract (shared/api/receipts.ts, written with zod/mini): the field errors of a 422 are
 * the ones the classic zod contract gave, paths, codes and messages alike.
 */
import { describe, expect, it } from "vitest";
import { receiptsRequestSchema } from "../../../shared/api/receipts.ts";
import { fieldErrorsOfIssues } from "../../../shared/sources/kit/issues.ts";

const id = "01KB0000000000000000000000";
const unknownField = (position: number) =>
  `Contract v1 defines no such field here: field ${position} of this object (counting from 1 in the order sent) is not one of its fields; field names are case-sensitive camelCase; remove it or check its spelling.`;

function fieldErrorsOf(body: unknown) {
  const parsed = receiptsRequestSchema.safeParse(body);
  return parsed.success ? [] : fieldErrorsOfIssues(parsed.error.issues, [], body);
}

describe("the receipts contract", () => {
  it("accepts received and actioned acknowledgements", () => {
    const body = {
      receipts: [
        { notificationId: id, status: "received" },
        { notificationId: id, status: "actioned", reference: "КУИ 2026-0113" },
      ],
    };
    expect(receiptsRequestSchema.safeParse(body)).toEqual({ success: true, data: body });
  });

  it("names an unknown status and an unknown field", () => {
    expect(fieldErrorsOf({ receipts: [{ notificationId: "42", status: "read" }], extra: 1 })).toEqual([
      {
        path: "/receipts/0/status",
        code: "contract.enum",
        message: 'Must be one of "received", "actioned".',
      },
      { path: "", code: "contract.unknown-field", message: unknownField(2) },
    ]);
  });

  it("refuses a reference with `received` and one on two lines", () => {
    const body = {
      receipts: [
        { notificationId: id, status: "received", reference: "x" },
        { notificationId: id, status: "actioned", reference: "a\nb" },
      ],
    };
    expect(fieldErrorsOf(body)).toEqual([
      { path: "/receipts/0", code: "contract.unknown-field", message: unknownField(3) },
      {
        path: "/receipts/1/reference",
        code: "contract.format",
        message: "Has the wrong format for this field.",
      },
    ]);
  });

  it("names a missing id, an empty reference and an empty list", () => {
    expect(fieldErrorsOf({ receipts: [{ status: "actioned", reference: "" }] })).toEqual([
      { path: "/receipts/0/notificationId", code: "contract.required", message: "This field is required." },
      { path: "/receipts/0/reference", code: "contract.empty", message: "Must not be empty or blank." },
      {
        path: "/receipts/0/reference",
        code: "contract.format",
        message: "Has the wrong format for this field.",
      },
    ]);
    expect(fieldErrorsOf({ receipts: [] })).toEqual([
      { path: "/receipts", code: "contract.size", message: "Must have at least 1 item(s)." },
    ]);
  });
});
