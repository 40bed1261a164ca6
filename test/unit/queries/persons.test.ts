import { describe, expect, it } from "vitest";
import { checkDigitOf } from "../../../shared/domain/normalise/index.ts";
import {
  documentKey,
  iinKey,
  nameKey,
  type PersonLookup,
  personLookupOf,
} from "../../../shared/domain/queries/person-key.ts";
import { keysOfPersons, personsKnownAs } from "../../../shared/domain/queries/persons.ts";
import { citizen, foreigner, stay } from "./factories.ts";

/** A valid IIN of a person born on 1990-01-<day>. */
function iinOf(day: number): string {
  const first11 = `9001${String(day).padStart(2, "0")}30000`;
  return `${first11}${checkDigitOf(first11)}`;
}

function lookup(raw: Record<string, string>): PersonLookup {
  const parsed = personLookupOf(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const passport = lookup({ document: "FA1234567", country: "UZ" });

describe("personsKnownAs", () => {
  it("groups one person's notifications, newest first, with every key and document seen", () => {
    const withIin = foreigner("FA1234567", { iin: iinOf(5) });
    const withVisa = foreigner("FA1234567", {
      documents: [
        { type: "passport", number: "FA1234567", issuingCountry: "UZB" },
        { type: "visa", number: "V777", issuingCountry: "KAZ" },
      ],
    });
    const first = stay.registered(withIin, "2025-03-01", "2025-05-30");
    const second = stay.overstay(withVisa, "2025-06-02", "2025-05-30");

    const [person, ...others] = personsKnownAs([first, second], passport);

    expect(others).toEqual([]);
    expect(person?.notifications.map((one) => [one.notificationId, one.kind, one.role])).toEqual([
      [second.id, "stay.overstay", "subject"],
      [first.id, "registration.migration", "subject"],
    ]);
    expect(person?.iin).toBe(iinOf(5));
    expect(person?.keys).toEqual([
      iinKey(iinOf(5)),
      documentKey("UZB", "FA1234567"),
      documentKey("KAZ", "V777"),
      nameKey("KARIMOV BAKHTIER", "1994-08-17"),
    ]);
    expect(person?.documents.map((document) => document.number)).toEqual(["FA1234567", "V777"]);
  });

  it("tells apart two holders of one document number by their IINs, and leaves a sighting without IIN to neither", () => {
    const holderA = foreigner("FA1234567", { iin: iinOf(6) });
    const holderB = foreigner("FA1234567", { iin: iinOf(7) });
    const notifications = [
      stay.registered(holderA, "2025-01-10", "2025-02-10"),
      stay.registered(holderB, "2025-03-10", "2025-04-10"),
      stay.overstay(foreigner("FA1234567"), "2025-05-01", "2025-04-10"),
    ];

    const persons = personsKnownAs(notifications, passport);

    expect(persons.map((person) => [person.iin, person.notifications.length])).toEqual([
      [undefined, 1],
      [iinOf(7), 1],
      [iinOf(6), 1],
    ]);
  });

  it("joins a sighting without IIN to the one person with an IIN who holds its document", () => {
    const known = foreigner("FA1234567", { iin: iinOf(8) });
    const notifications = [
      stay.registered(known, "2025-01-10", "2025-02-10"),
      stay.overstay(foreigner("FA1234567"), "2025-03-01", "2025-02-10"),
    ];

    const persons = personsKnownAs(notifications, passport);

    expect(persons).toHaveLength(1);
    expect(persons[0]?.iin).toBe(iinOf(8));
    expect(persons[0]?.notifications).toHaveLength(2);
  });

  it("never joins namesakes: a name and birth date names as many persons as their documents tell apart", () => {
    const byName = lookup({ name: "Каримов Бахтиёр", birthDate: "1994-08-17" });
    const notifications = [
      stay.registered(foreigner("FA1111111"), "2025-01-10", "2025-02-10"),
      stay.registered(foreigner("FA2222222"), "2025-02-10", "2025-03-10"),
      stay.registered(foreigner("FA1111111", { documents: [] }), "2025-03-10", "2025-04-10"),
    ];

    const persons = personsKnownAs(notifications, byName);

    expect(persons.map((person) => person.documents.map((document) => document.number))).toEqual([
      [],
      ["FA2222222"],
      ["FA1111111"],
    ]);
  });

  it("lists a person in any role, and only the persons the key names", () => {
    const hostIin = iinOf(9);
    const registration = stay.registered(foreigner("FA1234567"), "2025-01-10", "2025-02-10");
    const hosted = {
      ...registration,
      subject: { persons: [...registration.subject.persons, citizen("host", hostIin)] },
    };

    const persons = personsKnownAs([hosted], lookup({ iin: hostIin }));

    expect(persons).toHaveLength(1);
    expect(persons[0]?.notifications[0]?.role).toBe("host");
    expect(keysOfPersons(persons)).toEqual([iinKey(hostIin)]);
  });
});
