/**
 * The shapes a record schema outputs for the parts every source shares: the common record fields, and
 * persons, documents and organisations with their values already normalised. `RecordScope` turns
 * them into canonical parts.
 */
import type { RegionCode } from "../../domain/catalogue/index.ts";
import type { Iin, NormalisedName } from "../../domain/normalise/index.ts";
import type { IdentityDocument, Place } from "../../domain/notification.ts";

/** The fields every record of every source has, as the record schema outputs them. */
export interface CommonRecord {
  readonly recordType: string;
  readonly recordId: string;
  readonly region: RegionCode | null;
  readonly occurredAt: string;
  /** When the upstream system recorded it; units' reports have none. */
  readonly recordedAt?: string | undefined;
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
