/**
 * A feed: what a source defines (its record schema and its mapper) and what `defineFeed` makes of it,
 * the feed the ingest function calls. The machinery every feed shares lives beside this file: the
 * request envelope, the error list, the common record fields and `RecordScope`, which turns a source
 * mapper's result into a canonical notification. A source supplies only its record schema and its
 * mapper (`shared/sources/<source>/`).
 */
import * as z from "zod";
import type { FieldError } from "../../domain/field-error.ts";
import type { CanonicalNotification } from "../../domain/notification.ts";
import { bodySchemaOf, envelopeSchema, recordIdOf, recordsToValidate } from "./envelope.ts";
import { ErrorList } from "./error-list.ts";
import { fieldErrorsOfIssues } from "./issues.ts";
import type { CommonRecord } from "./parsed-record.ts";
import { type MapContext, RecordScope, requestScope } from "./record-scope.ts";

export type { MapContext } from "./record-scope.ts";

export type FeedMapping =
  | { ok: true; records: Array<{ recordId: string; notification: CanonicalNotification }> }
  | { ok: false; errors: FieldError[] };

/** What a source provides: its record schema (a union discriminated by `recordType`) and its mapper. */
export interface FeedDefinition<R extends CommonRecord> {
  readonly recordSchema: z.ZodType<R>;
  readonly mapRecord: (record: R, scope: RecordScope) => CanonicalNotification;
}

export interface Feed {
  /** The request-body schema, for documentation (OpenAPI). */
  readonly bodySchema: z.ZodType;
  readonly map: (body: unknown, context: MapContext) => FeedMapping;
}

type SafeParse<R> = (raw: unknown) => z.ZodSafeParseResult<R>;

/**
 * The record schema's parser, compiled one record type at a time, on the first record of that type:
 * compiling a source's whole union took ≈ 100 ms of the ingest function's first request
 * (bench/cold-start.ts), though a request rarely holds more than a few record types. A record of a
 * type the union declares is parsed by that branch, exactly as the union would (zod's discriminated
 * union hands it to the branch); anything else — not an object, an unknown or missing `recordType` —
 * goes to the uncompiled union, whose error names the types it knows.
 */
export function branchCompiledParser<R extends CommonRecord>(schema: z.ZodType<R>): SafeParse<R> {
  const union = (raw: unknown) => schema.safeParse(raw);
  if (!(schema instanceof z.ZodDiscriminatedUnion)) {
    let compiled: z.ZodType<R> | undefined;
    return (raw) => {
      compiled ??= z.compile(schema);
      return compiled.safeParse(raw);
    };
  }
  const discriminator = schema.def.discriminator;
  const branchOf = new Map<unknown, z.ZodType<R> | null>();
  for (const option of schema.options) {
    for (const value of option._zod.propValues?.[discriminator] ?? []) {
      // A value two branches declare is left to the union, which refuses such a schema anyway.
      branchOf.set(value, branchOf.has(value) ? null : (option as z.ZodType<R>));
    }
  }
  const compiled = new Map<unknown, z.ZodType<R>>();
  return (raw) => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return union(raw);
    const value: unknown = (raw as Record<string, unknown>)[discriminator];
    let branch = compiled.get(value);
    if (branch === undefined) {
      const option = branchOf.get(value);
      if (option === undefined || option === null) return union(raw);
      branch = z.compile(option);
      compiled.set(value, branch);
    }
    return branch.safeParse(raw);
  };
}

export function defineFeed<R extends CommonRecord>(
  definition: FeedDefinition<R>,
  bodySchemaId: string,
): Feed {
  // Compiled on first use, not at import: a request only ever needs its own source's record types.
  const parseRecord = branchCompiledParser(definition.recordSchema);
  const bodySchema = bodySchemaOf(definition.recordSchema, bodySchemaId);

  function map(body: unknown, context: MapContext): FeedMapping {
    const errors = new ErrorList();
    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success) errors.add(fieldErrorsOfIssues(envelope.error.issues, [], body));

    const records: Array<{ recordId: string; notification: CanonicalNotification }> = [];
    const request = requestScope(context);
    const firstIndexOfId = new Map<string, number>();
    const raws = recordsToValidate(body);
    for (let index = 0; index < raws.length && !errors.full; index++) {
      const raw = raws[index];
      const pointer = `/records/${index}`;
      const parsed = parseRecord(raw);
      if (!parsed.success) {
        errors.add(fieldErrorsOfIssues(parsed.error.issues, ["records", index], raw));
      } else {
        const scope = new RecordScope(request, parsed.data, pointer);
        const notification = definition.mapRecord(parsed.data, scope);
        if (scope.problems.length > 0) errors.add(scope.problems);
        else records.push({ recordId: parsed.data.recordId, notification });
      }
      const recordId = recordIdOf(raw);
      if (recordId !== undefined) {
        const first = firstIndexOfId.get(recordId);
        if (first === undefined) firstIndexOfId.set(recordId, index);
        else {
          errors.add([
            {
              path: `${pointer}/recordId`,
              code: "records.duplicate-id",
              message: `Record ${first} of this request has the same recordId; each record needs its own.`,
            },
          ]);
        }
      }
    }
    return errors.length > 0 ? { ok: false, errors: errors.list() } : { ok: true, records };
  }

  return { bodySchema, map };
}
