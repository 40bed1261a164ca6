/**
 * Who a report is about: its persons and organisations, gathered into the canonical `subject` with
 * the roles the notification gives them, through `RecordScope` (the same person building as feeds:
 * IIN checks, match keys, documents).
 */
import type * as z from "zod";
import type { Organisation, Person, PersonRole, Subject } from "../domain/notification.ts";
import type { RecordScope } from "../sources/kit/record-scope.ts";
import type { reportParty, reportPerson } from "./fields.ts";

type ReportPerson = z.output<typeof reportPerson>;
type ReportParty = z.output<typeof reportParty>;

export class SubjectBuilder {
  private readonly persons: Person[] = [];
  private readonly organisations: Organisation[] = [];

  constructor(private readonly scope: RecordScope) {}

  /** A person with their documents, at `path` relative to the report. */
  person(role: PersonRole, parsed: ReportPerson | undefined, path: string): this {
    if (parsed === undefined) return this;
    const documents = (parsed.documents ?? []).map((document, index) =>
      this.scope.document(document, `${path}/documents/${index}`),
    );
    this.persons.push(this.scope.person(role, parsed, path, documents));
    return this;
  }

  /** Every person of a list, at `path/<index>`. */
  personList(role: PersonRole, list: readonly ReportPerson[] | undefined, path: string): this {
    for (const [index, parsed] of (list ?? []).entries()) this.person(role, parsed, `${path}/${index}`);
    return this;
  }

  /** A party: a person joins the persons, an organisation the organisations. */
  party(role: PersonRole, parsed: ReportParty | undefined, path: string): this {
    if (parsed === undefined) return this;
    if (parsed.type === "person") return this.person(role, parsed, path);
    this.organisations.push(this.scope.organisation(role, parsed));
    return this;
  }

  partyList(role: PersonRole, list: readonly ReportParty[] | undefined, path: string): this {
    for (const [index, parsed] of (list ?? []).entries()) this.party(role, parsed, `${path}/${index}`);
    return this;
  }

  /** Every organisation added, in order. */
  allOrganisations(): Organisation[] {
    return [...this.organisations];
  }

  /** The canonical subject: every person, and the first organisation (the notification has room for one). */
  subject(): Subject {
    const [organisation] = this.organisations;
    return organisation === undefined ? { persons: this.persons } : { persons: this.persons, organisation };
  }
}
