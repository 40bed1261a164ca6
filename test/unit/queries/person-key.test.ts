import { describe, expect, it } from "vitest";
import {
  isLookedUp,
  personKeys,
  personLookupOf,
  stayLegalityLookupOf,
} from "../../../shared/domain/queries/person-key.ts";
import { citizen, foreigner } from "./factories.ts";

describe("personLookupOf", () => {
  it("reads an IIN", () => {
    expect(personLookupOf({ iin: " 881102402170 " })).toEqual({
      ok: true,
      value: { by: "iin", key: "IIN#881102402170", iin: "881102402170" },
    });
  });

  it("normalises a document number and its country as the feeds do, the type left out of the key", () => {
    expect(personLookupOf({ document: "fa 123-4567", country: "uz" })).toEqual({
      ok: true,
      value: { by: "document", key: "DOC#UZB#FA1234567", issuingCountry: "UZB", number: "FA1234567" },
    });
    expect(
      personLookupOf({ document: "FA1234567", country: "Узбекистан", documentType: "passport" }),
    ).toEqual({
      ok: true,
      value: {
        by: "document",
        key: "DOC#UZB#FA1234567",
        issuingCountry: "UZB",
        number: "FA1234567",
        documentType: "passport",
      },
    });
  });

  it("reads a name in Cyrillic or Latin as its Latin match key, with the birth date", () => {
    const cyrillic = personLookupOf({ name: "Каримов  Бахтиёр", birthDate: "1994-08-17" });
    const latin = personLookupOf({ name: "karimov bakhtier", birthDate: "1994-08-17" });

    expect(cyrillic).toEqual({
      ok: true,
      value: {
        by: "name",
        key: "NAME#KARIMOV BAKHTIER#1994-08-17",
        latin: "KARIMOV BAKHTIER",
        birthDate: "1994-08-17",
      },
    });
    expect(latin).toEqual(cyrillic);
  });

  it("leaves other parameters (paging) to the caller", () => {
    expect(personLookupOf({ iin: "881102402170", limit: "20", cursor: "abc" }).ok).toBe(true);
  });

  it.each([
    [{}, [["/query", "query.person-missing"]]],
    [{ iin: "881102402170", document: "FA1234567", country: "UZ" }, [["/query", "query.person-conflict"]]],
    [{ iin: "881102402171" }, [["/query/iin", "iin.checksum"]]],
    [{ iin: "8811024021" }, [["/query/iin", "iin.format"]]],
    [{ document: "FA1234567" }, [["/query/country", "query.required"]]],
    [{ country: "UZ" }, [["/query/document", "query.required"]]],
    [
      { documentType: "passport" },
      [
        ["/query/document", "query.required"],
        ["/query/country", "query.required"],
      ],
    ],
    [
      { document: "ФА 123", country: "Atlantis" },
      [
        ["/query/document", "document.characters"],
        ["/query/country", "country.unknown"],
      ],
    ],
    [
      { document: "FA1234567", country: "UZ", documentType: "driving-licence" },
      [["/query/documentType", "query.enum"]],
    ],
    [{ name: "Karimov" }, [["/query/birthDate", "query.required"]]],
    [{ name: "Karimov", birthDate: "17.08.1994" }, [["/query/birthDate", "query.format"]]],
    [{ name: "محمد", birthDate: "1994-08-17" }, [["/query/name", "name.no-latin"]]],
    [{ name: " ", birthDate: "1994-08-17" }, [["/query/name", "name.empty"]]],
    [{ iin: "9".repeat(40) }, [["/query/iin", "query.length"]]],
  ])("refuses %j", (raw, errors) => {
    // Act
    const parsed = personLookupOf(raw);

    // Assess
    expect(parsed.ok ? [] : parsed.errors.map((error) => [error.path, error.code])).toEqual(errors);
    if (!parsed.ok) for (const error of parsed.errors) expect(error.message).not.toBe("");
  });
});

describe("stayLegalityLookupOf", () => {
  it("names the person by IIN or document only", () => {
    expect(stayLegalityLookupOf({ document: "FA1234567", country: "UZB" }).ok).toBe(true);

    const byName = stayLegalityLookupOf({ name: "Karimov", birthDate: "1994-08-17" });

    expect(byName.ok ? [] : byName.errors.map((error) => [error.path, error.code])).toEqual([
      ["/query", "query.person-missing"],
    ]);
    expect(byName.ok ? "" : byName.errors[0]?.message).toBe(
      "Name the person: give `iin`, or `document` and `country`.",
    );
  });
});

describe("person keys", () => {
  it("lists a person's IIN, documents without their type, and name with birth date", () => {
    const person = foreigner("FA1234567", {
      iin: "881102402170",
      documents: [
        { type: "passport", number: "FA1234567", issuingCountry: "UZB" },
        { type: "residence-permit", number: "FA1234567", issuingCountry: "UZB" },
        { type: "visa", number: "KZ0211345", issuingCountry: "KAZ" },
      ],
    });

    expect(personKeys(person)).toEqual([
      "IIN#881102402170",
      "DOC#UZB#FA1234567",
      "DOC#KAZ#KZ0211345",
      "NAME#KARIMOV BAKHTIER#1994-08-17",
    ]);
    expect(personKeys(citizen("host", "881102402170"))).toEqual(["IIN#881102402170"]);
  });

  it("matches the person a lookup names, and only the document type asked for", () => {
    const person = foreigner("FA1234567");
    const lookup = personLookupOf({ document: "FA1234567", country: "UZB" });
    const visaOnly = personLookupOf({ document: "FA1234567", country: "UZB", documentType: "visa" });
    if (!lookup.ok || !visaOnly.ok) throw new Error("the lookups are valid");

    expect(isLookedUp(person, lookup.value)).toBe(true);
    expect(isLookedUp(person, visaOnly.value)).toBe(false);
    expect(isLookedUp(foreigner("FA7654321"), lookup.value)).toBe(false);
  });
});
