/** Art.-519 offences for the list tests: persons with Cyrillic and Kazakh names, offences on given instants. */
import { ADMIN_519_KIND, type Admin519Notification } from "../../../shared/domain/lists/admin-519-list.ts";
import { checkDigitOf } from "../../../shared/domain/normalise/index.ts";
import type { FactsOf, Person } from "../../../shared/domain/notification.ts";
import { notify } from "../queries/factories.ts";

/** A valid IIN of a person born on 1990-01-<day>. */
export function iinOf(day: number): string {
  const first11 = `9001${String(day).padStart(2, "0")}30000`;
  return `${first11}${checkDigitOf(first11)}`;
}

export const persons = {
  /** A Kazakh name (Ә, Ұ, Қ, ұ) on a Chinese passport. */
  abdirakhmanov: {
    role: "subject",
    name: {
      surname: "Әбдірахманов",
      given: "Нұрсұлтан",
      patronymic: "Қайратұлы",
      latin: "ABDIRAKHMANOV NURSULTAN KAIRATULY",
    },
    birthDate: "1991-03-14",
    sex: "M",
    citizenship: "CHN",
    documents: [{ type: "passport", number: "E12345678", issuingCountry: "CHN" }],
  },
  rakhimov: {
    role: "subject",
    name: {
      surname: "Рахимов",
      given: "Фаррух",
      patronymic: "Шарипович",
      latin: "RAKHIMOV FARRUKH SHARIPOVICH",
    },
    birthDate: "1998-01-26",
    sex: "M",
    citizenship: "TJK",
    documents: [{ type: "passport", number: "401234567", issuingCountry: "TJK" }],
  },
  karimova: {
    role: "subject",
    name: { surname: "Каримова", given: "Гульнора", latin: "KARIMOVA GULNORA" },
    birthDate: "1994-08-17",
    sex: "F",
    citizenship: "UZB",
    documents: [{ type: "passport", number: "FA1234567", issuingCountry: "UZB" }],
  },
  /** No citizenship recorded, no document: known by name and birth date only. */
  unknown: {
    role: "subject",
    name: { surname: "Иванов", given: "Олег", latin: "IVANOV OLEG" },
    birthDate: "1980-05-05",
    documents: [],
  },
} satisfies Record<string, Person>;

type Penalty = FactsOf<typeof ADMIN_519_KIND>["penalty"];

/** One art.-519 offence of `person` at `occurredAt` (a UTC instant), decided that day. */
export function offence(
  person: Person,
  occurredAt: string,
  caseNumber: string,
  penalty: Penalty = "fine",
): Admin519Notification {
  const notification = notify(
    ADMIN_519_KIND,
    { caseNumber, decidedOn: occurredAt.slice(0, 10), penalty, articlePart: "1" },
    { on: occurredAt, persons: [person], place: { locality: "Алматы" } },
  );
  if (notification.kind !== ADMIN_519_KIND) throw new Error("not an art.-519 offence");
  return notification;
}
