import { describe, expect, it } from "vitest";
import type { FeedSourceId } from "../../../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../../../shared/domain/notification.ts";
import { mapFeedRequest } from "../../../shared/sources/index.ts";
import { firstRecord, type Json, loadFixture, mapContext, setAt } from "./support.ts";

/** Edits of a record: JSON pointer (relative to the record) → new value, `undefined` to delete. */
type Edits = Record<string, Json | undefined>;

/** A fixture's first record, edited, mapped: the notification, or the errors as [path, code]. */
function mapEdited(source: FeedSourceId, fixture: string, edits: Edits = {}) {
  const record = structuredClone(firstRecord(loadFixture(source, fixture)));
  for (const [pointer, value] of Object.entries(edits)) setAt(record, pointer, value);
  const mapping = mapFeedRequest(source, { contractVersion: "1", records: [record] }, mapContext());
  if (!mapping.ok) return { errors: mapping.errors.map((e) => [e.path, e.code]) };
  return { notification: mapping.records[0]?.notification };
}

function notificationOf(source: FeedSourceId, fixture: string, edits?: Edits): CanonicalNotification {
  const result = mapEdited(source, fixture, edits);
  if (!("notification" in result) || result.notification === undefined) {
    throw new Error(`unexpected errors ${JSON.stringify(result.errors)}`);
  }
  return result.notification;
}

describe("persons", () => {
  it("keeps names as written and builds the Latin match key of SURNAME GIVEN PATRONYMIC", () => {
    // Act
    const notification = notificationOf("kqp", "foreigner.departure-evaded", {
      "/foreigner/surname": "  Каримов ",
    });

    // Assess
    expect(notification.subject.persons[0]?.name).toEqual({
      surname: "Каримов",
      given: "Бахтиёр",
      patronymic: "Рустамович",
      latin: "KARIMOV BAKHTIER RUSTAMOVICH",
    });
  });

  it.each([["UZ"], ["UZB"], ["860"], ["Узбекистан"], ["Uzbekistan"], ["Өзбекстан"]])(
    "normalises the citizenship %s to UZB",
    (citizenship) => {
      // Act
      const notification = notificationOf("kqp", "foreigner.departure-evaded", {
        "/foreigner/citizenship": citizenship,
      });

      // Assess
      expect(notification.subject.persons[0]?.citizenship).toBe("UZB");
    },
  );

  it("normalises document numbers and issuing countries", () => {
    // Act
    const notification = notificationOf("kqp", "foreigner.departure-evaded");

    // Assess
    expect(notification.subject.persons[0]?.documents).toEqual([
      { type: "passport", number: "FA1234567", issuingCountry: "UZB", validUntil: "2031-02-09" },
    ]);
  });

  it("takes birth date and sex from the IIN when they are not given", () => {
    // Act
    const notification = notificationOf("kqp", "permit.repeat-applicant");

    // Assess
    expect(notification.subject.persons[0]).toMatchObject({
      role: "applicant",
      iin: "790303304568",
      birthDate: "1979-03-03",
      sex: "M",
    });
  });

  it("refuses an IIN that disagrees with the birth date or sex given", () => {
    // Act
    const result = mapEdited("kqp", "registration.migration", {
      "/host/birthDate": "1988-11-03",
      "/host/sex": "M",
    });

    // Assess
    expect(result).toEqual({
      errors: [
        ["/records/0/host/iin", "iin.mismatch"],
        ["/records/0/host/iin", "iin.mismatch"],
      ],
    });
  });

  it.each([["1899-12-31"], ["2025-06-03"]])("refuses the implausible birth date %s", (birthDate) => {
    // Act
    const result = mapEdited("kqp", "foreigner.departure-evaded", { "/foreigner/birthDate": birthDate });

    // Assess
    expect(result).toEqual({ errors: [["/records/0/foreigner/birthDate", "birth-date.implausible"]] });
  });

  it("refuses a BIN with a wrong check digit", () => {
    // Act
    const result = mapEdited("kqp", "inviter.frequent-risk-country", { "/inviter/bin": "050140001239" });

    // Assess
    expect(result).toEqual({ errors: [["/records/0/inviter/bin", "bin.checksum"]] });
  });

  it("puts an organisation party in subject.organisation, a person party among the persons", () => {
    // Act
    const company = notificationOf("kqp", "labour.foreign-worker");
    const person = notificationOf("kqp", "registration.migration");

    // Assess
    expect(company.subject.organisation).toEqual({
      role: "employer",
      name: "ТОО «Алатау Құрылыс Инвест»",
      bin: "120340004562",
      address: "г. Алматы, ул. Толе би, 101",
    });
    expect(company.subject.persons.map((p) => p.role)).toEqual(["subject"]);
    expect(person.subject.organisation).toBeUndefined();
    expect(person.subject.persons.map((p) => p.role)).toEqual(["subject", "host"]);
  });
});

describe("cross-field rules", () => {
  it("refuses a 'shortened' term that is not shorter", () => {
    // Act
    const result = mapEdited("kqp", "permit.stay-shortened", { "/permit/validUntilAfter": "2025-10-31" });

    // Assess
    expect(result).toEqual({ errors: [["/records/0/permit/validUntilAfter", "permit.not-shortened"]] });
  });

  it("refuses a period that ends before it starts", () => {
    // Act
    const result = mapEdited("kqp", "inviter.frequent-risk-country", {
      "/period": { from: "2025-03-31", to: "2025-01-01" },
    });

    // Assess
    expect(result).toEqual({ errors: [["/records/0/period/to", "date.order"]] });
  });

  it("refuses region null unless the record is transport-related", () => {
    // Act
    const result = mapEdited("kqp", "expulsion.evaded", { "/region": null });

    // Assess
    expect(result).toEqual({ errors: [["/records/0/region", "region.required"]] });
  });

  it("accepts region null for a record on a train", () => {
    // Act
    const notification = notificationOf("kqp", "expulsion.evaded", {
      "/region": null,
      "/place": { transport: { mode: "rail", facility: "train 302 Almaty-2 — Astana" } },
    });

    // Assess
    expect(notification.region).toBeNull();
    expect(notification.place).toEqual({
      transport: { mode: "rail", facility: "train 302 Almaty-2 — Astana" },
    });
  });
});

describe("Burkit", () => {
  it("makes the crossing's checkpoint and transport the notification's place", () => {
    // Act
    const notification = notificationOf("burkit", "border.entry-ban-hit");

    // Assess
    expect(notification.place).toEqual({
      locality: "Алматы",
      checkpoint: { code: "ALA", name: "Алматы халықаралық әуежайы" },
      transport: { mode: "air", facility: "SZ 213" },
    });
    expect(notification.facts).toMatchObject({ detectedAt: "border-checkpoint", direction: "entry" });
  });

  it("records an entry ban detected inland without a crossing", () => {
    // Act
    const notification = notificationOf("burkit", "border.entry-ban-hit", { "/crossing": undefined });

    // Assess
    expect(notification.place).toEqual({ locality: "Алматы" });
    expect(notification.facts).toEqual({
      detectedAt: "inland",
      banReference: "ЗВ-2023-004417",
      banValidUntil: "2028-06-30",
      action: "entry-refused",
    });
  });

  it("refuses a checkpoint given both in place and in crossing", () => {
    // Act
    const result = mapEdited("burkit", "document.invalid", {
      "/place": { checkpoint: { code: "ALA", name: "Алматы" } },
    });

    // Assess
    expect(result).toEqual({ errors: [["/records/0/place/checkpoint", "place.conflict"]] });
  });

  it("wants a checkpoint for an illegal crossing at a checkpoint, and none outside checkpoints", () => {
    // Act
    const missing = mapEdited("burkit", "border.illegal-crossing", { "/crossing/checkpoint": undefined });
    const unexpected = mapEdited("burkit", "border.illegal-crossing", { "/method": "outside-checkpoint" });

    // Assess
    expect(missing).toEqual({ errors: [["/records/0/crossing/checkpoint", "contract.required"]] });
    expect(unexpected).toEqual({
      errors: [["/records/0/crossing/checkpoint", "crossing.checkpoint-unexpected"]],
    });
  });

  it("takes the passport as the traveller's document, of type passport by default", () => {
    // Act
    const notification = notificationOf("burkit", "stay.overstay");

    // Assess
    expect(notification.subject.persons[0]?.documents).toEqual([
      { type: "passport", number: "U12345678", issuingCountry: "TUR", validUntil: "2030-05-05" },
    ]);
  });
});

describe("BIL", () => {
  it.each([
    ["other-identity", "biometric.identity-conflict"],
    ["deported", "biometric.watchlist-hit"],
    ["entry-banned", "biometric.watchlist-hit"],
    ["wanted", "biometric.watchlist-hit"],
  ])("maps match.category %s to %s", (category, kind) => {
    // Act
    const notification = notificationOf("bil", "biometric.identity-conflict", {
      "/match/category": category,
    });

    // Assess
    expect(notification.kind).toBe(kind);
    expect(notification.facts).toEqual({
      match: { score: 0.987, matchedRecordRef: "BIL-2019-0087431", category },
      captureContext: "migration-registration",
      captureStation: "ALM-UMS-07",
    });
  });

  it("carries the earlier identity as a person with role earlier-identity", () => {
    // Act
    const notification = notificationOf("bil", "biometric.identity-conflict");

    // Assess
    expect(notification.subject.persons.map((p) => [p.role, p.name.latin])).toEqual([
      ["subject", "IUSUPOV ALISHER"],
      ["earlier-identity", "IULDASHEV ALISHER"],
    ]);
  });

  it("wants the earlier identity for an other-identity match", () => {
    // Act
    const result = mapEdited("bil", "biometric.watchlist-hit", { "/match/category": "other-identity" });

    // Assess
    expect(result).toEqual({ errors: [["/records/0/match/otherIdentity", "contract.required"]] });
  });

  it.each([[-0.01], [1.5]])("refuses the match score %s", (score) => {
    // Act
    const result = mapEdited("bil", "biometric.watchlist-hit", { "/match/score": score });

    // Assess
    expect(result).toEqual({ errors: [["/records/0/match/score", "contract.range"]] });
  });
});
