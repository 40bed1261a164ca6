import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../../shared/adapters/dynamodb/page-cursor.ts";
import { QueryParametersError } from "../../../shared/domain/errors.ts";

const names = ["subjectKey", "occurredSort", "pk", "sk"];
const startKey = {
  subjectKey: { S: "IIN#881102402170" },
  occurredSort: { S: "2025-06-01T06:00:00.000Z#01JX" },
  pk: { S: "REC#kqp#1" },
  sk: { S: "SUBJECT#IIN#881102402170" },
};
const isAsked = (partition: string) => partition === "IIN#881102402170";

function refusalOf(cursor: string): unknown {
  try {
    decodeCursor(cursor, names, isAsked);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe("page cursors", () => {
  it("give back the position they were made from, as URL-safe text", () => {
    const cursor = encodeCursor({ partition: "IIN#881102402170", startKey });

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, names, isAsked)).toEqual({ partition: "IIN#881102402170", startKey });
    expect(decodeCursor(encodeCursor({ partition: "IIN#881102402170" }), names, isAsked)).toEqual({
      partition: "IIN#881102402170",
    });
  });

  it("are refused at /query/cursor when not one, of another person, or with other key attributes", () => {
    const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const cursor of [
      "not a cursor",
      json([1, 2]),
      encodeCursor({ partition: "IIN#900105300001", startKey }),
      json({ p: "IIN#881102402170", k: { pk: "REC#kqp#1" } }),
      json({ p: "IIN#881102402170", k: { ...Object.fromEntries(names.map((n) => [n, "x"])), extra: "y" } }),
      json({ p: "IIN#881102402170", k: Object.fromEntries(names.map((n) => [n, 1])) }),
    ]) {
      const refusal = refusalOf(cursor);
      expect(refusal).toBeInstanceOf(QueryParametersError);
      expect(refusal).toMatchObject({ fieldErrors: [{ path: "/query/cursor", code: "query.cursor" }] });
    }
  });
});
