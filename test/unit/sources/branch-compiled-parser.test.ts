/**
 * The feeds parse a record with its record type's branch, compiled on first use
 * (`branchCompiledParser`); the oracle is the source's whole union, uncompiled: for valid records,
 * each leaf broken in several ways, record types swapped, missing or unknown, and arbitrary values,
 * both succeed or fail alike, with the same data or the same issues.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type * as z from "zod";
import { type FeedSourceId, feedSourceIds, kindsOfFeed } from "../../../shared/domain/catalogue/index.ts";
import { bilRecord } from "../../../shared/sources/bil/contract.ts";
import { burkitRecord } from "../../../shared/sources/burkit/contract.ts";
import { branchCompiledParser } from "../../../shared/sources/kit/feed.ts";
import type { CommonRecord } from "../../../shared/sources/kit/parsed-record.ts";
import { kqpRecord } from "../../../shared/sources/kqp/contract.ts";
import { leavesOf } from "./contract-properties.ts";
import { type Json, type JsonObject, loadFixture, recordsOf, setAt } from "./support.ts";

const recordSchemas: Record<FeedSourceId, z.ZodType<CommonRecord>> = {
  kqp: kqpRecord,
  burkit: burkitRecord,
  bil: bilRecord,
};

/** Values a broken leaf takes: wrong types, empty, too long, absent. */
const BROKEN: ReadonlyArray<Json | undefined> = [null, "", 12345, true, "x".repeat(600), {}, [], undefined];

function outcome(result: z.ZodSafeParseResult<unknown>) {
  return result.success ? { data: result.data } : { issues: result.error.issues };
}

describe.each(feedSourceIds)("%s records, parsed per record type", (source) => {
  const schema = recordSchemas[source];
  const records = kindsOfFeed(source).flatMap((kind) => recordsOf(loadFixture(source, kind)));
  const recordTypes = [...new Set(records.map((record) => record.recordType))];

  // Shared by the cases: the first record of a type compiles its branch, the others use it.
  const parser = branchCompiledParser(schema);
  const agrees = (raw: unknown, parse = parser) => {
    expect(outcome(parse(raw))).toEqual(outcome(schema.safeParse(raw)));
  };

  it("parses every valid record as the union does, on the first parse of its type and after", () => {
    for (const record of records) {
      const fresh = branchCompiledParser(schema);
      agrees(record, fresh);
      agrees(record, fresh);
    }
  });

  it("refuses every broken leaf as the union does", () => {
    let cases = 0;
    for (const record of records) {
      for (const pointer of leavesOf(record)) {
        for (const value of BROKEN) {
          const broken = structuredClone(record) as JsonObject;
          setAt(broken, pointer, value);
          agrees(broken);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(100);
  });

  it("treats swapped, missing and unknown record types as the union does", () => {
    for (const record of records) {
      for (const recordType of [...recordTypes, "no-such-type", 7, null]) agrees({ ...record, recordType });
      const { recordType: _dropped, ...untyped } = record;
      agrees(untyped);
    }
  });

  it("agrees on arbitrary values", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.constantFrom(...records)), (raw) => agrees(raw)),
      { numRuns: 300 },
    );
  });
});
