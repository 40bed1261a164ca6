/** The stay verdict over the person's other strong keys (one hop), and its bound. */
import { describe, expect, it } from "vitest";
import { checkDigitOf } from "../../../shared/domain/normalise/index.ts";
import {
  documentKey,
  iinKey,
  type PersonLookup,
  strongKeysSeenWith,
} from "../../../shared/domain/queries/person-key.ts";
import { stayVerdict, tooManyToJudge } from "../../../shared/domain/queries/stay-legality.ts";
import { foreigner, stay } from "./factories.ts";

function iinOf(day: number): string {
  const first11 = `9001${String(day).padStart(2, "0")}30000`;
  return `${first11}${checkDigitOf(first11)}`;
}

const TODAY = "2025-06-15";
const IIN = iinOf(11);
const byIin: PersonLookup = { by: "iin", key: iinKey(IIN), iin: IIN };
const byPassport: PersonLookup = {
  by: "document",
  key: documentKey("UZB", "FA1234567"),
  issuingCountry: "UZB",
  number: "FA1234567",
};

describe("strongKeysSeenWith", () => {
  it("finds the documents of a person asked by IIN, and the IIN of a person asked by document, never a name", () => {
    const registered = stay.registered(foreigner("FA1234567", { iin: IIN }), "2025-04-10", "2025-07-08");

    expect(strongKeysSeenWith([registered], byIin)).toEqual([documentKey("UZB", "FA1234567")]);
    expect(strongKeysSeenWith([registered], byPassport)).toEqual([iinKey(IIN)]);
  });

  it("reads the subject only: the keys of a host are not the foreigner's", () => {
    const registered = stay.registered(foreigner("FA1234567", { iin: IIN }), "2025-04-10", "2025-07-08");
    const asHost = {
      ...registered,
      subject: {
        persons: registered.subject.persons.map((person) => ({ ...person, role: "host" as const })),
      },
    };

    expect(strongKeysSeenWith([asHost], byIin)).toEqual([]);
  });
});

describe("stayVerdict one hop away", () => {
  it("asked by IIN, counts an overstay that named the person by passport alone", () => {
    const registered = stay.registered(foreigner("FA1234567", { iin: IIN }), "2025-04-10", "2025-05-30");
    const overstay = stay.overstay(foreigner("FA1234567"), "2025-06-02", "2025-05-30");
    const aliases = strongKeysSeenWith([registered], byIin);

    const withoutHop = stayVerdict([registered, overstay], TODAY, byIin);
    const withHop = stayVerdict([registered, overstay], TODAY, byIin, aliases);

    expect(withoutHop.verdict).toBe("unknown");
    expect(withHop.verdict).toBe("illegal");
    expect(withHop.evidence).toEqual([overstay.id]);
  });

  it("asked by IIN, never counts another IIN's notifications, whatever document they share", () => {
    const registered = stay.registered(foreigner("FA1234567", { iin: IIN }), "2025-04-10", "2025-07-08");
    const other = stay.expulsionOrdered(foreigner("FA1234567", { iin: iinOf(12) }), "2025-05-01");

    const verdict = stayVerdict([registered, other], TODAY, byIin, [documentKey("UZB", "FA1234567")]);

    expect(verdict).toMatchObject({ verdict: "legal", coveredUntil: "2025-07-08" });
  });

  it("asked by document, answers `unknown` when the document's notifications name two IINs", () => {
    const one = stay.registered(foreigner("FA1234567", { iin: IIN }), "2025-04-10", "2025-07-08");
    const other = stay.registered(foreigner("FA1234567", { iin: iinOf(12) }), "2025-05-01", "2025-07-08");

    const verdict = stayVerdict([one, other], TODAY, byPassport, [iinKey(IIN), iinKey(iinOf(12))]);

    expect(verdict.verdict).toBe("unknown");
    expect(verdict.reasons.map((reason) => reason.code)).toEqual([
      "identity-ambiguous",
      "identity-ambiguous",
    ]);
  });
});

describe("tooManyToJudge", () => {
  it("answers `unknown` with its reason and no evidence, never a verdict on part of the notifications", () => {
    expect(tooManyToJudge(1000)).toEqual({
      verdict: "unknown",
      reasons: [{ code: "too-many-notifications", message: expect.stringContaining("more than 1000") }],
      evidence: [],
    });
  });
});
