/**
 * Mapping one record: the request's shared values, and `RecordScope`, which converts a record's common
 * fields, collects its problems at pointers relative to the record, and builds the canonical parts and
 * finally the canonical notification.
 */
import {
  type DeploymentId,
  type KindId,
  kinds,
  kindTexts,
  originatorOf,
  timeZoneOf,
} from "../../domain/catalogue/index.ts";
import type { FieldError } from "../../domain/field-error.ts";
import { isTransportRelated } from "../../domain/jurisdiction.ts";
import { isPlausibleBirthDate, toUtcInstant } from "../../domain/normalise/index.ts";
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
  sourceOf,
} from "../../domain/notification.ts";
import type { CommonRecord, ParsedDocument, ParsedOrganisation, ParsedPerson } from "./parsed-record.ts";

/** How far ahead of the hub's clock an upstream time may be (clock skew). */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** What a request is mapped within: the deployment that accepts it, when, and the id source. */
export interface MapContext {
  readonly deployment: DeploymentId;
  readonly receivedAt: Date;
  readonly newId: () => string;
}

/** What every record of one request shares: its deployment, and the receipt time in the forms used. */
export interface RequestScope {
  readonly deployment: DeploymentId;
  readonly newId: () => string;
  readonly receivedAt: string;
  readonly receivedAtMs: number;
  /** `YYYY-MM-DD` of the receipt (UTC): the latest plausible birth date. */
  readonly today: string;
}

export function requestScope(context: MapContext): RequestScope {
  const receivedAt = context.receivedAt.toISOString();
  return {
    deployment: context.deployment,
    newId: context.newId,
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
    this.recordedAt =
      record.recordedAt === undefined ? undefined : this.instant("/recordedAt", record.recordedAt, zone);
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
   * catalogue and the request.
   */
  notify<K extends KindId>(
    kind: K,
    body: { readonly subject: Subject; readonly facts: FactsOf<K>; readonly place?: Place | undefined },
  ): NotificationOf<K> {
    const { record, request } = this;
    const given = "place" in body ? body.place : record.place;
    const place = given !== undefined && Object.keys(given).length > 0 ? given : undefined;
    const upstream: Omit<CanonicalNotification["upstream"], "system"> & { system: string } = {
      system: originatorOf(kind),
      recordId: record.recordId,
      recordType: record.recordType,
    };
    if (this.recordedAt !== undefined) upstream.recordedAt = this.recordedAt;
    const definition: (typeof kinds)[KindId] = kinds[kind];
    const notification = {
      schemaVersion: NOTIFICATION_SCHEMA_VERSION,
      id: request.newId(),
      kind,
      source: sourceOf(kind),
      deployment: request.deployment,
      region: record.region,
      occurredAt: this.occurredAt ?? "",
      receivedAt: request.receivedAt,
      articles: [...definition.articles],
      title: kindTexts[kind].title,
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
    // `source` and `upstream.system` come from the catalogue's origin of `kind`, as NotificationOf<K> says.
    return notification as NotificationOf<K>;
  }
}
