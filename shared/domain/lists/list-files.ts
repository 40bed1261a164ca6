/**
 * The files of a monthly art.-519 list: the rows as CSV, the summary by citizenship as CSV, and the
 * whole list as JSON. Column headings are in Russian, the language of the units' paperwork; the JSON
 * keys are the list's field names. Same list, same bytes.
 */
import type { DocumentType } from "../notification.ts";
import type { Admin519List, Penalty } from "./admin-519-list.ts";
import { csvText } from "./csv.ts";

const penaltyLabels: Record<Penalty, string> = {
  warning: "предупреждение",
  fine: "штраф",
  expulsion: "выдворение",
  "fine-and-expulsion": "штраф и выдворение",
  other: "иное",
};

const documentLabels: Record<DocumentType, string> = {
  passport: "паспорт",
  "id-card": "удостоверение личности",
  "residence-permit": "вид на жительство",
  "stateless-travel-document": "удостоверение лица без гражданства",
  "refugee-travel-document": "проездной документ беженца",
  visa: "виза",
  "migration-card": "миграционная карточка",
  "birth-certificate": "свидетельство о рождении",
  other: "иной документ",
};

export const LIST_COLUMNS = [
  "№",
  "Лицо №",
  "Правонарушений лица за месяц",
  "Фамилия",
  "Имя",
  "Отчество",
  "ФИО латиницей",
  "Дата рождения",
  "Гражданство",
  "ИИН",
  "Документ",
  "Номер документа",
  "Страна выдачи документа",
  "Номер дела",
  "Часть ст. 519 КоАП",
  "Дата постановления",
  "Взыскание",
  "Дата правонарушения",
  "Населённый пункт",
  "Уведомление",
] as const;

export const SUMMARY_COLUMNS = ["Гражданство", "Правонарушений", "Лиц"] as const;

/** One row per offence, the rows of one person together (`Лицо №`, with that person's count). */
export function listCsv(list: Admin519List): string {
  return csvText([
    LIST_COLUMNS,
    ...list.rows.map((row) => [
      row.line,
      row.person,
      row.personOffences,
      row.surname,
      row.given,
      row.patronymic,
      row.latin,
      row.birthDate,
      row.citizenship,
      row.iin,
      row.document === undefined ? undefined : documentLabels[row.document.type],
      row.document?.number,
      row.document?.issuingCountry,
      row.caseNumber,
      row.articlePart,
      row.decidedOn,
      penaltyLabels[row.penalty],
      row.occurredOn,
      row.locality,
      row.notificationId,
    ]),
  ]);
}

/** Offences and persons per citizenship, most offences first, then the month's totals. */
export function citizenshipCsv(list: Admin519List): string {
  return csvText([
    SUMMARY_COLUMNS,
    ...list.byCitizenship.map((count) => [count.citizenship, count.offences, count.persons]),
    ["Всего", list.counts.offences, list.counts.persons],
  ]);
}

/** The list as JSON, indented, with a final line break. */
export function listJson(list: Admin519List): string {
  return `${JSON.stringify(list, null, 2)}\n`;
}
