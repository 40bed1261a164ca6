import { regionLabel } from "../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../shared/domain/notification.ts";
import { printable } from "./printable.ts";

/**
 * A notification as a duty officer reads it: the kind in three languages, who, where, when, why.
 * Every line goes through `printable`: the names and the organisation are upstream text.
 */
export function formatNotification(notification: CanonicalNotification): string {
  const persons = notification.subject.persons.map((person) => {
    const written = [person.name.surname, person.name.given, person.name.patronymic]
      .filter(Boolean)
      .join(" ");
    const facts = [person.birthDate, person.citizenship].filter(Boolean).join(", ");
    return `  person:   ${written} [${person.name.latin}]${facts === "" ? "" : ` (${facts})`}`;
  });
  const organisation = notification.subject.organisation;
  return [
    `● ${notification.title.kk}`,
    `  ${notification.title.ru}`,
    `  ${notification.title.en}`,
    `  kind:     ${notification.kind}   article ${notification.articles.join(", ")} of Order No. 195`,
    ...persons,
    ...(organisation === undefined
      ? []
      : [`  org:      ${organisation.name}${organisation.bin ? ` (BIN ${organisation.bin})` : ""}`]),
    `  region:   ${regionLabel(notification.region)}`,
    `  occurred: ${notification.occurredAt}   received: ${notification.receivedAt}`,
    `  id:       ${notification.id}   from ${notification.upstream.system} record ${notification.upstream.recordId}`,
  ]
    .map((line) => printable(line))
    .concat("")
    .join("\n");
}
