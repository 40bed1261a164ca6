/**
 * The keys the store files persons under: `IIN#<iin>`, `DOC#<issuing country>#<number>` and
 * `NAME#<Latin match key>#<birth date>`. Apart from the query parsing (person-key.ts), so that the
 * storage adapters every function loads import no query schema (zod) and no normalisers.
 */
import type { Person } from "../notification.ts";

export function iinKey(iin: string): string {
  return `IIN#${iin}`;
}

/**
 * A document without its type: a unit asking by number and country rarely knows which type the
 * upstream system recorded (a passport, or the same number as a residence permit).
 */
export function documentKey(issuingCountry: string, number: string): string {
  return `DOC#${issuingCountry}#${number}`;
}

export function nameKey(latin: string, birthDate: string): string {
  return `NAME#${latin}#${birthDate}`;
}

/** Every key a person of a notification can be found under. */
export function personKeys(person: Person): string[] {
  const keys = new Set<string>();
  if (person.iin !== undefined) keys.add(iinKey(person.iin));
  for (const document of person.documents) keys.add(documentKey(document.issuingCountry, document.number));
  if (person.birthDate !== undefined && person.name.latin !== "") {
    keys.add(nameKey(person.name.latin, person.birthDate));
  }
  return [...keys];
}
