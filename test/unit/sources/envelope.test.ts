import { describe, expect, it } from "vitest";
import { feedSourceIds } from "../../../shared/domain/catalogue/index.ts";
import type { FieldError } from "../../../shared/domain/field-error.ts";
import { type FeedMapping, mapFeedRequest } from "../../../shared/sources/index.ts";
import { firstRecord, type Json, type JsonObject, loadFixture, mapContext } from "./support.ts";

function errorsOf(mapping: FeedMapping): FieldError[] {
  return mapping.ok ? [] : mapping.errors;
}

function pathsAndCodes(mapping: FeedMapping): Array<[string, string]> {
  return errorsOf(mapping).map((error) => [error.path, error.code]);
}

function withRecords(records: Json[]): JsonObject {
  return { contractVersion: "1", records };
}

/** `count` copies of the first record of a fixture, each with its own recordId. */
function copies(record: JsonObject, count: number): JsonObject[] {
  return Array.from({ length: count }, (_, index) => ({ ...record, recordId: `R-${index}` }));
}

const sampleRecord = firstRecord(loadFixture("kqp", "registration.migration"));

describe("feed request envelope", () => {
  it.each(feedSourceIds)("%s: refuses a request with no record", (source) => {
    // Prepare
    const body = withRecords([]);

    // Act
    const mapping = mapFeedRequest(source, body, mapContext());

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([["/records", "records.empty"]]);
  });

  it.each(feedSourceIds)("%s: refuses a request with 101 records", (source) => {
    // Prepare
    const record = firstRecord(loadFixture(source, "multi-record"));
    const body = withRecords(copies(record, 101));

    // Act
    const mapping = mapFeedRequest(source, body, mapContext());

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([["/records", "records.too-many"]]);
  });

  it.each(feedSourceIds)("%s: accepts 100 records", (source) => {
    // Prepare
    const record = firstRecord(loadFixture(source, "multi-record"));
    const body = withRecords(copies(record, 100));

    // Act
    const mapping = mapFeedRequest(source, body, mapContext());

    // Assess
    expect(errorsOf(mapping)).toEqual([]);
    expect(mapping.ok && mapping.records.length).toBe(100);
  });

  it("refuses a recordId repeated within one request, at each repetition", () => {
    // Prepare
    const body = withRecords([
      sampleRecord,
      { ...sampleRecord },
      { ...sampleRecord, recordId: "other" },
      sampleRecord,
    ]);

    // Act
    const mapping = mapFeedRequest("kqp", body, mapContext());

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([
      ["/records/1/recordId", "records.duplicate-id"],
      ["/records/3/recordId", "records.duplicate-id"],
    ]);
    expect(errorsOf(mapping)[0]?.message).toContain("Record 0");
  });

  it.each([["2"], [1], [null]])("refuses contractVersion %j", (version) => {
    // Prepare
    const body = { contractVersion: version, records: [sampleRecord] };

    // Act
    const mapping = mapFeedRequest("kqp", body, mapContext());

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([["/contractVersion", "contract.version"]]);
  });

  it("refuses a body without contractVersion and records", () => {
    // Prepare
    const body = {};

    // Act
    const mapping = mapFeedRequest("kqp", body, mapContext());

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([
      ["/contractVersion", "contract.version"],
      ["/records", "contract.required"],
    ]);
  });

  it.each([[null], [[]], ["text"], [42], [true]])("refuses the body %j: it is not an object", (body) => {
    // Act
    const mapping = mapFeedRequest("burkit", body, mapContext());

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([["", "contract.type"]]);
  });

  it("refuses fields the contract does not define, wherever they are", () => {
    // Prepare
    const record = structuredClone(sampleRecord) as { [key: string]: Json } & {
      foreigner: { documents: JsonObject[] };
    };
    record.Region = "KZ-75";
    const [passport] = record.foreigner.documents;
    if (passport !== undefined) passport.serialNumber = "1";
    const body = { ...withRecords([record]), signature: "x" };

    // Act
    const mapping = mapFeedRequest("kqp", body, mapContext());

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([
      ["", "contract.unknown-field"],
      ["/records/0/foreigner/documents/0", "contract.unknown-field"],
      ["/records/0", "contract.unknown-field"],
    ]);
  });

  it("refuses biometric data in a BIL record: the contract has no field for it", () => {
    // Prepare
    const record = structuredClone(firstRecord(loadFixture("bil", "biometric.watchlist-hit"))) as {
      [key: string]: Json;
    } & { probe: JsonObject; match: JsonObject };
    record.probe.fingerprintImage = "iVBORw0KGgo=";
    record.match.template = "AAECAw==";

    // Act
    const mapping = mapFeedRequest("bil", withRecords([record]), mapContext());

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([
      ["/records/0/probe", "contract.unknown-field"],
      ["/records/0/match", "contract.unknown-field"],
    ]);
  });

  it("refuses an unknown recordType and a missing one, naming the allowed values", () => {
    // Prepare
    const { recordType: _, ...withoutType } = sampleRecord;
    const body = withRecords([
      { ...sampleRecord, recordType: "visa-issued" },
      { ...withoutType, recordId: "other" },
    ]);

    // Act
    const mapping = mapFeedRequest("kqp", body, mapContext());

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([
      ["/records/0/recordType", "contract.enum"],
      ["/records/1/recordType", "contract.required"],
    ]);
    expect(errorsOf(mapping)[0]?.message).toContain('"migration-registration"');
  });

  it("lists every bad field of every record", () => {
    // Prepare
    const first = structuredClone(sampleRecord) as JsonObject & {
      foreigner: JsonObject & { documents: JsonObject[] };
      host: JsonObject;
      registration: JsonObject;
    };
    first.foreigner.citizenship = "Atlantis";
    first.host.iin = "881102402171";
    delete first.registration.registeredOn;
    first.entryDate = "2025-02-30";
    const second = structuredClone(firstRecord(loadFixture("kqp", "labour.foreign-worker"))) as JsonObject & {
      worker: JsonObject & { documents: JsonObject[] };
      permit: JsonObject;
    };
    second.region = "KZ-99";
    second.occurredAt = "10.04.2025 12:05";
    second.worker.surname = "   ";
    const [workerPassport] = second.worker.documents;
    if (workerPassport !== undefined) workerPassport.number = "№ ЕН-445";
    second.permit.validUntil = 20260131;
    const body = withRecords([first, second]);

    // Act
    const mapping = mapFeedRequest("kqp", body, mapContext());

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([
      ["/records/0/foreigner/citizenship", "country.unknown"],
      ["/records/0/host/iin", "iin.checksum"],
      ["/records/0/registration/registeredOn", "contract.required"],
      ["/records/0/entryDate", "date.format"],
      ["/records/1/region", "contract.enum"],
      ["/records/1/occurredAt", "time.format"],
      ["/records/1/worker/surname", "name.empty"],
      ["/records/1/worker/documents/0/number", "document.characters"],
      ["/records/1/permit/validUntil", "contract.type"],
    ]);
  });

  it("lists at most 1000 field errors, then says the list is truncated", () => {
    // Prepare
    const junk = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`field${i}`, i]));
    const body = withRecords([
      { ...sampleRecord, ...junk },
      { ...sampleRecord, recordId: "other", ...junk },
    ]);

    // Act
    const errors = errorsOf(mapFeedRequest("kqp", body, mapContext()));

    // Assess
    expect(errors).toHaveLength(1001);
    expect(errors[999]).toMatchObject({ path: "/records/0", code: "contract.unknown-field" });
    expect(errors[999]?.message).toContain(`field ${Object.keys(sampleRecord).length + 1000} of this object`);
    expect(errors[1000]).toMatchObject({ path: "", code: "errors.truncated" });
  });

  it("reports null for an optional field as a type error, not as absent", () => {
    // Prepare
    const body = withRecords([{ ...sampleRecord, entryDate: null }]);

    // Act
    const mapping = mapFeedRequest("kqp", body, mapContext());

    // Assess
    expect(pathsAndCodes(mapping)).toEqual([["/records/0/entryDate", "contract.type"]]);
  });
});
