/**
 * Thirty art.-519 offences over September and October 2026 in Almaty, as the kqp feed sends them: two
 * persons with repeats (a Kazakh name on a Chinese passport; a Tajik known first by passport, then by
 * passport and IIN, then by IIN and a new passport), the others once each, names in Cyrillic with
 * Kazakh letters. Two offences sit on the month's edge in Almaty's clocks (UTC+5).
 */
import { checkDigitOf } from "../../shared/domain/normalise/index.ts";

const first11 = "98012630000";
/** Rakhimov's IIN (a foreigner with a permanent residence permit has one). */
export const RAKHIMOV_IIN = `${first11}${checkDigitOf(first11)}`;

const abdirakhmanov = {
  surname: "Әбдірахманов",
  givenName: "Нұрсұлтан",
  patronymic: "Қайратұлы",
  birthDate: "1991-03-14",
  sex: "M",
  citizenship: "CHN",
  documents: [{ type: "passport", number: "E12345678", issuingCountry: "CHN" }],
};

const rakhimov = {
  surname: "Рахимов",
  givenName: "Фаррух",
  patronymic: "Шарипович",
  birthDate: "1998-01-26",
  sex: "M",
  citizenship: "Таджикистан",
  documents: [{ type: "passport", number: "401234567", issuingCountry: "TJK" }],
};

const singleSurnames = [
  "Қасымов",
  "Ғабитов",
  "Өмірзақов",
  "Үсенов",
  "Ұлықбеков",
  "Һашимов",
  "Юсупов",
  "Эргашев",
  "Абдуллаев",
  "Турсунов",
  "Жумабаев",
  "Исмоилов",
  "Назаров",
  "Мирзаев",
  "Садыков",
  "Тоиров",
  "Холматов",
  "Шарипов",
  "Бобоев",
  "Ахмедов",
  "Ким",
] as const;
const singleCitizenships = ["UZB", "KGZ", "TJK", "AFG", "CHN", "UZB", "PAK"] as const;

/** Someone listed once: own name, own passport. */
function single(index: number) {
  const citizenship = singleCitizenships[index % singleCitizenships.length] ?? "UZB";
  return {
    surname: singleSurnames[index] ?? `Тестов${index}`,
    givenName: "Әлішер",
    birthDate: `1990-${String((index % 12) + 1).padStart(2, "0")}-15`,
    citizenship,
    documents: [{ type: "passport", number: `P${String(7_000_000 + index)}`, issuingCountry: citizenship }],
  };
}

interface Offence {
  readonly offender: unknown;
  /** As kqp writes it: local time with its offset. */
  readonly occurredAt: string;
  readonly month: "2026-09" | "2026-10";
}

const september: Offence[] = [
  { offender: abdirakhmanov, occurredAt: "2026-09-03T10:00:00+05:00", month: "2026-09" },
  { offender: abdirakhmanov, occurredAt: "2026-09-21T16:30:00+05:00", month: "2026-09" },
  { offender: rakhimov, occurredAt: "2026-09-11T09:15:00+05:00", month: "2026-09" },
  ...Array.from({ length: 8 }, (_, index) => ({
    offender: single(index),
    occurredAt: `2026-09-${String(index * 3 + 2).padStart(2, "0")}T12:00:00+05:00`,
    month: "2026-09" as const,
  })),
  // 23:30 on 30 September in Almaty: the last offence of September.
  { offender: single(8), occurredAt: "2026-09-30T23:30:00+05:00", month: "2026-09" },
];

const october: Offence[] = [
  { offender: abdirakhmanov, occurredAt: "2026-10-02T11:00:00+05:00", month: "2026-10" },
  { offender: abdirakhmanov, occurredAt: "2026-10-14T11:00:00+05:00", month: "2026-10" },
  { offender: abdirakhmanov, occurredAt: "2026-10-29T18:45:00+05:00", month: "2026-10" },
  { offender: rakhimov, occurredAt: "2026-10-05T10:00:00+05:00", month: "2026-10" },
  { offender: { ...rakhimov, iin: RAKHIMOV_IIN }, occurredAt: "2026-10-12T10:00:00+05:00", month: "2026-10" },
  {
    offender: {
      ...rakhimov,
      iin: RAKHIMOV_IIN,
      documents: [{ type: "passport", number: "409999999", issuingCountry: "TJK" }],
    },
    occurredAt: "2026-10-27T10:00:00+05:00",
    month: "2026-10",
  },
  // 00:30 on 1 October in Almaty, still 30 September in UTC: October's.
  { offender: single(9), occurredAt: "2026-10-01T00:30:00+05:00", month: "2026-10" },
  ...Array.from({ length: 11 }, (_, index) => ({
    offender: single(index + 10),
    occurredAt: `2026-10-${String(index * 2 + 3).padStart(2, "0")}T15:00:00+05:00`,
    month: "2026-10" as const,
  })),
];

export const offences = [...september, ...october];

function caseNumberOf(index: number): string {
  return `7511-26-00-4/${1000 + index}`;
}

/** The kqp request of all thirty, record ids made unique by `suffix`. */
export function admin519FeedRequest(suffix: string) {
  return {
    contractVersion: "1",
    records: offences.map((offence, index) => ({
      recordType: "admin-offence-519",
      recordId: `KQP-AP519-${suffix}-${index}`,
      region: "KZ-75",
      occurredAt: offence.occurredAt,
      recordedAt: offence.occurredAt,
      place: { locality: "Алматы" },
      offender: offence.offender,
      adminCase: {
        number: caseNumberOf(index),
        articlePart: "1",
        decidedOn: offence.occurredAt.slice(0, 10),
        penalty: index % 5 === 0 ? "fine-and-expulsion" : "fine",
      },
    })),
  };
}

/** The case numbers of a month, as its list must hold them. */
export function caseNumbersOf(month: Offence["month"]): string[] {
  return offences.flatMap((offence, index) => (offence.month === month ? [caseNumberOf(index)] : []));
}

/** Every surname as written, with the Kazakh letters the CSV must give back exactly. */
export const surnamesAsWritten = [abdirakhmanov.surname, rakhimov.surname, ...singleSurnames];
