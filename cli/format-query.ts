/**
 * The answers of the queries and of the audit log as an officer or an auditor reads them: kind and
 * query titles in the chosen language, times on the clocks of the region (or deployment) they belong
 * to. Every line goes through `printable`: names, addresses and purposes are upstream or user text.
 */
import type {
  AuditAnswer,
  InvitersAnswer,
  PersonsAnswer,
  StayLegalityAnswer,
} from "../shared/api/responses.ts";
import {
  deployments,
  isRegionCode,
  kindTexts,
  type Language,
  languages,
  queries,
  regionLabel,
  timeZoneOf,
} from "../shared/domain/catalogue/index.ts";
import type { PersonName } from "../shared/domain/notification.ts";
import { UsageError } from "./command.ts";
import type { HubResponse } from "./hub-response.ts";
import { printable } from "./printable.ts";
import { renderTable } from "./table.ts";

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-29 14:03" on the clocks of `timeZone` (sv-SE writes ISO-like date and 24-hour time). */
export function localTime(instant: string, timeZone: string): string {
  let formatter = timeFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("sv-SE", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    timeFormatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(instant));
}

/** The zone of a notification's region as the API gives it (a code, or null for none). */
function zoneOfRegion(region: string | null): string {
  return timeZoneOf(region !== null && isRegionCode(region) ? region : null);
}

function writtenName(name: PersonName): string {
  const written = [name.surname, name.given, name.patronymic].filter(Boolean).join(" ");
  return name.latin === "" || name.latin === written ? written : `${written} [${name.latin}]`;
}

const lines = (text: readonly string[]) => `${text.map((line) => printable(line)).join("\n")}\n`;

/** Where the next page starts, when there is one. */
function nextPage(nextCursor: string | undefined): string[] {
  return nextCursor === undefined ? [] : [`next page: --cursor ${nextCursor}`];
}

/** Each person the key names, with their notifications (newest first), then the next page's cursor. */
export function formatPersons(answer: PersonsAnswer, language: Language): string {
  const title = queries.persons.title[language];
  if (answer.persons.length === 0)
    return lines([title, "no person known under this key", ...nextPage(answer.nextCursor)]);
  const persons = answer.persons.map((person) => {
    const facts = [
      person.birthDate === undefined ? undefined : `born ${person.birthDate}`,
      person.citizenship,
      person.iin === undefined ? undefined : `IIN ${person.iin}`,
    ].filter((fact) => fact !== undefined);
    const documents = person.documents.map((d) => `${d.type} ${d.issuingCountry} ${d.number}`);
    const rows = person.notifications.map((n) => [
      localTime(n.occurredAt, zoneOfRegion(n.region)),
      kindTexts[n.kind].title[language],
      regionLabel(n.region),
      n.role,
      n.notificationId,
    ]);
    return [
      `● ${writtenName(person.name)}${facts.length === 0 ? "" : ` (${facts.join(", ")})`}`,
      ...(documents.length === 0 ? [] : [`  documents: ${documents.join("; ")}`]),
      ...renderTable(["occurred (local)", "kind", "region", "role", "notification"], rows)
        .trimEnd()
        .split("\n")
        .map((row) => `  ${row}`),
    ];
  });
  return lines([title, ...persons.flat(), ...nextPage(answer.nextCursor)]);
}

/** The verdict, the date it is covered until, each reason with the notification it rests on, and the evidence. */
export function formatStayLegality(answer: StayLegalityAnswer, language: Language): string {
  const covered = answer.coveredUntil === undefined ? "" : `, covered until ${answer.coveredUntil}`;
  return lines([
    queries["stay-legality"].title[language],
    `verdict: ${answer.verdict.toUpperCase()} (as of ${answer.asOf}${covered})`,
    "reasons:",
    ...answer.reasons.map(
      (reason) =>
        `  - ${reason.code}: ${reason.message}${reason.notificationId === undefined ? "" : ` [${reason.notificationId}]`}`,
    ),
    `evidence: ${answer.evidence.length === 0 ? "none" : answer.evidence.join(", ")}`,
  ]);
}

function countOf(counted: { foreignerCount: number; reportedCount?: number }): string {
  return counted.reportedCount === undefined
    ? String(counted.foreignerCount)
    : `${counted.foreignerCount} (reported ${counted.reportedCount})`;
}

/** The repeat parties and addresses of the period, each with its count and the notifications behind it. */
export function formatInviters(answer: InvitersAnswer, language: Language): string {
  const parties = answer.parties.map((one) => [
    one.party.type === "person"
      ? `${writtenName(one.party.name)}${one.party.iin === undefined ? "" : ` IIN ${one.party.iin}`}`
      : `${one.party.name}${one.party.bin === undefined ? "" : ` BIN ${one.party.bin}`}`,
    one.roles.join(", "),
    countOf(one),
    one.notificationIds.join(" "),
  ]);
  const addresses = answer.addresses.map((one) => [
    [one.locality, one.address].filter(Boolean).join(", "),
    countOf(one),
    one.notificationIds.join(" "),
  ]);
  return lines([
    queries.inviters.title[language],
    `period ${answer.from} – ${answer.to}, at least ${answer.minCount} foreigners`,
    "parties:",
    ...(parties.length === 0
      ? ["  none"]
      : renderTable(["party", "roles", "foreigners", "notifications"], parties).trimEnd().split("\n")),
    "addresses:",
    ...(addresses.length === 0
      ? ["  none"]
      : renderTable(["address", "foreigners", "notifications"], addresses).trimEnd().split("\n")),
  ]);
}

/** Who looked, when (on the deployment's clocks), why, at what, and with what outcome. */
export function formatAudit(answer: AuditAnswer, language: Language): string {
  const rows = answer.records.map((record) => [
    `${localTime(record.at, deployments[record.deployment].timeZone)}`,
    record.unit,
    record.officer,
    record.purpose,
    queries[record.query].title[language],
    Object.entries(record.parameters)
      .map(([name, value]) => `${name}=${value}`)
      .join(" "),
    `${record.outcome} (${record.status})`,
    String(record.notificationCount),
  ]);
  return lines([
    ...(rows.length === 0
      ? ["no queries in this period"]
      : renderTable(
          ["when (local)", "unit", "officer", "purpose", "query", "parameters", "outcome", "notifications"],
          rows,
        )
          .trimEnd()
          .split("\n")),
    ...nextPage(answer.nextCursor),
  ]);
}

/** The language of `--lang`: English unless given. */
export function requireLanguage(value: string | undefined): Language {
  const language = languages.find((one) => one === (value ?? "en"));
  if (language === undefined) throw new UsageError(`--lang is one of ${languages.join(", ")}`);
  return language;
}

/** The hub's answer as printed: as JSON, or formatted on 200, else the status and the hub's error. */
export function describeAnswer<Answer>(
  response: HubResponse<Answer>,
  print: { readonly json: boolean },
  format: (answer: Answer) => string,
): string {
  if (print.json) return `${JSON.stringify({ status: response.status, body: response.body }, null, 2)}\n`;
  if (response.accepted !== undefined) return format(response.accepted);
  if (response.error === undefined) return `${response.status}: ${JSON.stringify(response.body)}\n`;
  const { code, message, details } = response.error.error;
  return [
    `${response.status} ${code}: ${message}\n`,
    ...details.map((detail) => `  ${detail.path || "/"}: ${detail.message}\n`),
  ].join("");
}
