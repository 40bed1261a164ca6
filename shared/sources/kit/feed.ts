/**
 * The machinery every feed shares: the request envelope, per-record validation against the source's
 * record schema, the record fields common to all sources (id, region, times, place), and the last
 * step that turns a source mapper's result into a canonical notification. A source supplies only
 * its record schema and its mapper (`shared/sources/<source>/`).
 */
import * as z from "zod";
import {
  type FeedKindId,
  type FeedSourceId,
  type KindId,
  kinds,
  type RegionCode,
  timeZoneOf,
} from "../../domain/catalogue/index.ts";
import type { FieldError } from "../../domain/field-error.ts";
import { isTransportRelated } from "../../domain/jurisdiction.ts";
import {
  type Iin,
  isPlausibleBirthDate,
  type NormalisedName,
  toUtcInstant,
} from "../../domain/normalise/index.ts";
import {
  type CanonicalNotification,
  type FactsOf,
  type IdentityDocument,
  NOTIFICATION_SCHEMA_VERSION,
  type NotificationOf,
  type Organisation,
  type Person,
  type PersonRole,
  type Place,
  type Subject,
} from "../../domain/notification.ts";
import type { FeedMapping, MapContext } from "../index.ts";
import { fieldErrorsOfIssues } from "./issues.ts";

export const CONTRACT_VERSION = "1";
export const MAX_RECORDS_PER_REQUEST = 100;
/** Field errors listed in one answer at most (see `ErrorList`). */
export const MAX_FIELD_ERRORS = 1000;
/** How far ahead of the hub's clock an upstream time may be (clock skew). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The fields every record of every source has, as the record schema outputs them. */
export interface CommonRecord {
  readonly recordType: string;
  readonly recordId: string;
  readonly region: RegionCode | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly place?: Place | undefined;
}

/** A person as the contract's person fields output them (names and IIN already normalised). */
export interface ParsedPerson {
  readonly surname: NormalisedName;
  readonly givenName?: NormalisedName | undefined;
  readonly patronymic?: NormalisedName | undefined;
  readonly birthDate?: string | undefined;
  readonly sex?: "M" | "F" | undefined;
  readonly citizenship?: string | undefined;
  readonly iin?: Iin | undefined;
}

export interface ParsedDocument {
  readonly type: IdentityDocument["type"];
  readonly number: string;
  readonly issuingCountry: string;
  readonly issuedOn?: string | undefined;
  readonly validUntil?: string | undefined;
}

export interface ParsedOrganisation {
  readonly name: string;
  readonly bin?: string | undefined;
  readonly address?: string | undefined;
}

/** What every record of one request shares: the context, and the receipt time in the forms used. */
export interface RequestScope {
  readonly source: FeedSourceId;
  readonly context: MapContext;
  readonly receivedAt: string;
  readonly receivedAtMs: number;
  /** `YYYY-MM-DD` of the receipt (UTC): the latest plausible birth date. */
  readonly today: string;
}

export function requestScope(source: FeedSourceId, context: MapContext): RequestScope {
  const receivedAt = context.receivedAt.toISOString();
  return {
    source,
    context,
    receivedAt,
    receivedAtMs: context.receivedAt.getTime(),
    today: receivedAt.slice(0, 10),
  };
}

/**
 * One record being mapped: its common fields already converted, a place to report problems at
 * pointers relative to the record, and the helpers that build canonical parts.
 */
export class RecordScope {
  readonly problems: FieldError[] = [];
  /** UTC instant, or undefined when `occurredAt` could not be converted (a problem is recorded). */
  readonly occurredAt: string | undefined;
  readonly recordedAt: string | undefined;

  constructor(
    private readonly request: RequestScope,
    readonly record: CommonRecord,
    private readonly pointer: string,
  ) {
    const zone = timeZoneOf(record.region);
    this.occurredAt = this.instant("/occurredAt", record.occurredAt, zone);
    this.recordedAt = this.instant("/recordedAt", record.recordedAt, zone);
  }

  /** Records a problem at a pointer relative to the record (e.g. `/foreigner/iin`). */
  problem(path: string, code: string, message: string): void {
    this.problems.push({ path: `${this.pointer}${path}`, code, message });
  }

  private instant(path: string, raw: string, zone: string): string | undefined {
    const result = toUtcInstant(raw, zone);
    if (!result.ok) {
      this.problem(path, result.code, result.message);
      return undefined;
    }
    if (Date.parse(result.value) > this.request.receivedAtMs + CLOCK_SKEW_MS) {
      this.problem(
        path,
        "time.future",
        "The time lies in the future of the hub's clock (more than 5 minutes ahead).",
      );
    }
    return result.value;
  }

  /** Requires `from` ≤ `to` for two dates of the record (`YYYY-MM-DD` compares as text). */
  ordered(from: string | undefined, to: string | undefined, toPath: string, message: string): void {
    if (from !== undefined && to !== undefined && from > to) this.problem(toPath, "date.order", message);
  }

  document(parsed: ParsedDocument, path: string): IdentityDocument {
    const document: IdentityDocument = {
      type: parsed.type,
      number: parsed.number,
      issuingCountry: parsed.issuingCountry,
    };
    if (parsed.issuedOn !== undefined) document.issuedOn = parsed.issuedOn;
    if (parsed.validUntil !== undefined) document.validUntil = parsed.validUntil;
    this.ordered(
      parsed.issuedOn,
      parsed.validUntil,
      `${path}/validUntil`,
      "validUntil lies before issuedOn.",
    );
    return document;
  }

  /**
   * A canonical person. The IIN, when given, must agree with `birthDate` and `sex` and fills them in
   * when they are absent; a birth date given as such must be plausible (1900-01-01 … today).
   */
  person(role: PersonRole, parsed: ParsedPerson, path: string, documents: IdentityDocument[] = []): Person {
    const { surname, givenName, patronymic, iin } = parsed;
    let latin = surname.latin;
    if (givenName !== undefined && givenName.latin !== "")
      latin = latin === "" ? givenName.latin : `${latin} ${givenName.latin}`;
    if (patronymic !== undefined && patronymic.latin !== "")
      latin = latin === "" ? patronymic.latin : `${latin} ${patronymic.latin}`;
    const name: Person["name"] = { surname: surname.asWritten, latin };
    if (givenName !== undefined) name.given = givenName.asWritten;
    if (patronymic !== undefined) name.patronymic = patronymic.asWritten;

    const person: Person = { role, name, documents };
    const birthDate = parsed.birthDate ?? iin?.birthDate;
    const sex = parsed.sex ?? iin?.sex;
    if (parsed.birthDate !== undefined && !isPlausibleBirthDate(parsed.birthDate, this.request.today)) {
      this.problem(
        `${path}/birthDate`,
        "birth-date.implausible",
        "The birth date lies before 1900 or in the future.",
      );
    }
    if (iin !== undefined) {
      if (parsed.birthDate !== undefined && parsed.birthDate !== iin.birthDate) {
        this.problem(`${path}/iin`, "iin.mismatch", "The IIN encodes a different birth date than birthDate.");
      }
      if (parsed.sex !== undefined && parsed.sex !== iin.sex) {
        this.problem(`${path}/iin`, "iin.mismatch", "The IIN encodes a different sex than sex.");
      }
      person.iin = iin.iin;
    }
    if (birthDate !== undefined) person.birthDate = birthDate;
    if (sex !== undefined) person.sex = sex;
    if (parsed.citizenship !== undefined) person.citizenship = parsed.citizenship;
    return person;
  }

  organisation(role: PersonRole, parsed: ParsedOrganisation): Organisation {
    const organisation: Organisation = { role, name: parsed.name };
    if (parsed.bin !== undefined) organisation.bin = parsed.bin;
    if (parsed.address !== undefined) organisation.address = parsed.address;
    return organisation;
  }

  /**
   * The canonical notification of this record: the source mapper gives kind, subject, facts and
   * (when it differs from the record's `place`) the place; the rest comes from the record, the
   * catalogue and the context.
   */
  notify<K extends FeedKindId>(
    kind: K,
    body: { readonly subject: Subject; readonly facts: FactsOf<K>; readonly place?: Place | undefined },
  ): NotificationOf<K> {
    const { record, request } = this;
    const given = "place" in body ? body.place : record.place;
    const place = given !== undefined && Object.keys(given).length > 0 ? given : undefined;
    const upstream: CanonicalNotification["upstream"] = {
      system: request.source,
      recordId: record.recordId,
      recordType: record.recordType,
    };
    if (this.recordedAt !== undefined) upstream.recordedAt = this.recordedAt;
    const definition: (typeof kinds)[KindId] = kinds[kind];
    const notification = {
      schemaVersion: NOTIFICATION_SCHEMA_VERSION,
      id: request.context.newId(),
      kind,
      source: request.source,
      deployment: request.context.deployment,
      region: record.region,
      occurredAt: this.occurredAt ?? "",
      receivedAt: request.receivedAt,
      articles: [...definition.articles],
      title: definition.title,
      subject: body.subject,
      ...(place === undefined ? {} : { place }),
      facts: body.facts,
      upstream,
    };
    if (record.region === null && !isTransportRelated(place)) {
      this.problem(
        "/region",
        "region.required",
        "region may be null only for a transport-related record (with place.transport or a border checkpoint).",
      );
    }
    // `source` and `upstream.system` are this feed, which the catalogue makes the origin of `kind`.
    return notification as NotificationOf<K>;
  }
}

/** What a source provides: its record schema (a union discriminated by `recordType`) and its mapper. */
export interface FeedDefinition<R extends CommonRecord> {
  readonly source: FeedSourceId;
  readonly recordSchema: z.ZodType<R>;
  readonly mapRecord: (record: R, scope: RecordScope) => CanonicalNotification;
}

export interface Feed {
  /** The request-body schema, for documentation (OpenAPI). */
  readonly bodySchema: z.ZodType;
  readonly map: (body: unknown, context: MapContext) => FeedMapping;
}

/** The request envelope for documentation: `{ contractVersion: "1", records: [1..100 records] }`. */
function bodySchemaOf(recordSchema: z.ZodType, id: string): z.ZodType {
  return z
    .strictObject({
      contractVersion: z.literal(CONTRACT_VERSION).describe("Version of the feed contract"),
      records: z
        .array(recordSchema)
        .min(1)
        .max(MAX_RECORDS_PER_REQUEST)
        .describe(`1 to ${MAX_RECORDS_PER_REQUEST} records; all are accepted or none`),
    })
    .meta({ id });
}

/** The envelope as validated at run time: records are validated one by one afterwards. */
const envelopeSchema = z.compile(
  z.strictObject({
    contractVersion: z.literal(CONTRACT_VERSION),
    records: z.array(z.unknown()).min(1).max(MAX_RECORDS_PER_REQUEST),
  }),
);

function recordsToValidate(body: unknown): readonly unknown[] {
  if (body === null || typeof body !== "object" || !Object.hasOwn(body, "records")) return [];
  const records: unknown = (body as { records: unknown }).records;
  if (!Array.isArray(records) || records.length > MAX_RECORDS_PER_REQUEST) return [];
  return records;
}

function recordIdOf(record: unknown): string | undefined {
  if (record === null || typeof record !== "object" || !Object.hasOwn(record, "recordId")) return undefined;
  const id: unknown = (record as { recordId: unknown }).recordId;
  return typeof id === "string" ? id : undefined;
}

/**
 * The field errors of a request, at most {@link MAX_FIELD_ERRORS}: beyond that the list ends with one
 * `errors.truncated` entry, so that a pathological body (say, thousands of unknown fields) cannot
 * make an error response larger than the request or than a Lambda response may be.
 */
class ErrorList {
  private readonly errors: FieldError[] = [];
  private truncated = false;

  get length(): number {
    return this.errors.length;
  }

  get full(): boolean {
    return this.truncated;
  }

  add(errors: readonly FieldError[]): void {
    for (const error of errors) {
      if (this.errors.length >= MAX_FIELD_ERRORS) {
        this.truncated = true;
        return;
      }
      this.errors.push(error);
    }
  }

  list(): FieldError[] {
    if (!this.truncated) return this.errors;
    return [
      ...this.errors,
      {
        path: "",
        code: "errors.truncated",
        message: `More than ${MAX_FIELD_ERRORS} problems: the first ${MAX_FIELD_ERRORS} are listed; fix them and send again.`,
      },
    ];
  }
}

function compileRecordSchema<R extends CommonRecord>(definition: FeedDefinition<R>) {
  return z.compile(definition.recordSchema);
}

export function defineFeed<R extends CommonRecord>(
  definition: FeedDefinition<R>,
  bodySchemaId: string,
): Feed {
  // Compiled on first use: compiling all three feeds at import cost ≈50 ms of every cold start
  // (bench/), and a request only ever needs its own source's.
  let compiled: ReturnType<typeof compileRecordSchema<R>> | undefined;
  const recordSchema = () => {
    compiled ??= compileRecordSchema(definition);
    return compiled;
  };
  const bodySchema = bodySchemaOf(definition.recordSchema, bodySchemaId);

  function map(body: unknown, context: MapContext): FeedMapping {
    const errors = new ErrorList();
    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success) errors.add(fieldErrorsOfIssues(envelope.error.issues, [], body));

    const records: Array<{ recordId: string; notification: CanonicalNotification }> = [];
    const request = requestScope(definition.source, context);
    const firstIndexOfId = new Map<string, number>();
    const raws = recordsToValidate(body);
    for (let index = 0; index < raws.length && !errors.full; index++) {
      const raw = raws[index];
      const pointer = `/records/${index}`;
      const parsed = recordSchema().safeParse(raw);
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
