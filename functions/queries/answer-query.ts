/**
 * The queries use case (rules art. 11.8, 11.9): parameters (400) → may the unit ask (403, audited) →
 * read → audit record → answer. The record is written before the answer leaves: when it cannot be
 * written, nothing is answered. An answer too broad to read or to audit is refused, and audited.
 */
import type { AuditLog } from "../../shared/adapters/dynamodb/audit-log.ts";
import type { QueryReads } from "../../shared/adapters/dynamodb/query-reads.ts";
import type { AuditOutcome } from "../../shared/domain/audit/audit-record.ts";
import { type DeploymentId, deployments, mayAsk, type QueryId } from "../../shared/domain/catalogue/index.ts";
import { QueryForbiddenError, QueryParametersError, QueryTooBroadError } from "../../shared/domain/errors.ts";
import type { FiledBy } from "../../shared/domain/notification.ts";
import { localDateOf } from "../../shared/domain/queries/dates.ts";
import {
  type InvitersQuery,
  invitersKindIds,
  invitersQueryOf,
  type RepeatInviters,
  repeatInviters,
} from "../../shared/domain/queries/inviters.ts";
import { type PageQuery, pageQueryOf } from "../../shared/domain/queries/paging.ts";
import type { Parsed, QueryParameters } from "../../shared/domain/queries/parameters.ts";
import {
  type PersonLookup,
  personLookupOf,
  stayLegalityLookupOf,
  strongKeysSeenWith,
} from "../../shared/domain/queries/person-key.ts";
import { type KnownPerson, keysOfPersons, personsKnownAs } from "../../shared/domain/queries/persons.ts";
import { type StayVerdict, stayVerdict, tooManyToJudge } from "../../shared/domain/queries/stay-legality.ts";
import { MAX_INVITERS_NOTIFICATIONS, MAX_STAY_NOTIFICATIONS } from "../../shared/wiring/limits.ts";

export interface AnswerQueryDependencies {
  readonly deployment: DeploymentId;
  readonly reads: QueryReads;
  readonly audit: AuditLog;
  readonly now: () => Date;
  readonly newAuditId: () => string;
}

/** A query as the HTTP edge hands it over: who asks, why, and its parameters as given. */
export interface QueryRequest {
  readonly caller: FiledBy;
  readonly purpose: string;
  readonly parameters: QueryParameters;
}

export interface PersonsAnswer {
  readonly persons: readonly KnownPerson[];
  readonly nextCursor?: string;
}

export interface StayLegalityAnswer extends StayVerdict {
  /** The day the verdict is for: today on the deployment's clocks. */
  readonly asOf: string;
}

export interface InvitersAnswer extends RepeatInviters {
  readonly query: InvitersQuery;
}

export interface QueryAnswers {
  readonly persons: PersonsAnswer;
  readonly "stay-legality": StayLegalityAnswer;
  readonly inviters: InvitersAnswer;
}

/** What a query answers, and what its audit record says it concerned. */
interface Answered<A> {
  readonly answer: A;
  readonly notificationIds: readonly string[];
  readonly personKeys: readonly string[];
}

/** A query whose parameters are valid: the person keys it asks about, and how it is answered. */
interface ValidQuery<A> {
  /** Before anything is read: what the record of a refusal names. */
  readonly keysAsked: readonly string[];
  answer(deps: AnswerQueryDependencies, now: Date): Promise<Answered<A>>;
}

/** How one query reads its parameters. */
type QuerySpec<A> = (raw: QueryParameters) => Parsed<ValidQuery<A>>;

const DAY_MS = 86_400_000;

const persons: QuerySpec<PersonsAnswer> = (raw) => {
  const lookup = personLookupOf(raw);
  const page = pageQueryOf(raw);
  if (!lookup.ok || !page.ok) {
    return { ok: false, errors: [...(lookup.ok ? [] : lookup.errors), ...(page.ok ? [] : page.errors)] };
  }
  return valid([lookup.value.key], ({ reads }) => answerPersons(lookup.value, page.value, reads));
};

async function answerPersons(
  lookup: PersonLookup,
  page: PageQuery,
  reads: QueryReads,
): Promise<Answered<PersonsAnswer>> {
  const read = await reads.page(lookup.key, page);
  const known = personsKnownAs(read.notifications, lookup);
  return {
    answer: { persons: known, ...(read.nextCursor === undefined ? {} : { nextCursor: read.nextCursor }) },
    notificationIds: known.flatMap((person) => person.notifications.map((one) => one.notificationId)),
    personKeys: [lookup.key, ...keysOfPersons(known)],
  };
}

const stayLegality: QuerySpec<StayLegalityAnswer> = (raw) => {
  const lookup = stayLegalityLookupOf(raw);
  if (!lookup.ok) return lookup;
  return valid([lookup.value.key], (deps, now) => answerStayLegality(lookup.value, deps, now));
};

async function answerStayLegality(
  lookup: PersonLookup,
  { reads, deployment }: AnswerQueryDependencies,
  now: Date,
): Promise<Answered<StayLegalityAnswer>> {
  const asOf = localDateOf(now.toISOString(), deployments[deployment].timeZone);
  const tooMany = { asOf, ...tooManyToJudge(MAX_STAY_NOTIFICATIONS) };
  const asked = await reads.about([lookup.key], MAX_STAY_NOTIFICATIONS);
  if (asked === undefined) return { answer: tooMany, notificationIds: [], personKeys: [lookup.key] };
  // One hop: the person's other strong keys, never a name.
  const aliases = strongKeysSeenWith(asked, lookup);
  const hop = aliases.length === 0 ? [] : await reads.about(aliases, MAX_STAY_NOTIFICATIONS);
  const personKeys = [lookup.key, ...aliases];
  const all =
    hop === undefined ? undefined : [...new Map([...asked, ...hop].map((one) => [one.id, one])).values()];
  if (all === undefined || all.length > MAX_STAY_NOTIFICATIONS) {
    return { answer: tooMany, notificationIds: [], personKeys };
  }
  const verdict = stayVerdict(all, asOf, lookup, aliases);
  return { answer: { asOf, ...verdict }, notificationIds: verdict.evidence, personKeys };
}

const inviters: QuerySpec<InvitersAnswer> = (raw) => {
  const query = invitersQueryOf(raw);
  if (!query.ok) return query;
  return valid([], ({ reads }) => answerInviters(query.value, reads));
};

async function answerInviters(query: InvitersQuery, reads: QueryReads): Promise<Answered<InvitersAnswer>> {
  // The index is by UTC month of occurrence; a day either side covers every zone's edge of a day.
  const period = {
    from: new Date(Date.parse(`${query.from}T00:00:00Z`) - DAY_MS).toISOString(),
    to: new Date(Date.parse(`${query.to}T00:00:00Z`) + 2 * DAY_MS).toISOString(),
  };
  const read = await reads.ofKinds(invitersKindIds, period, MAX_INVITERS_NOTIFICATIONS);
  if (read === undefined) throw new QueryTooBroadError(MAX_INVITERS_NOTIFICATIONS, "read");
  const repeated = repeatInviters(read, query);
  const named = [...repeated.parties, ...repeated.addresses].flatMap((one) => one.notificationIds);
  return { answer: { query, ...repeated }, notificationIds: [...new Set(named)], personKeys: [] };
}

function valid<A>(keysAsked: readonly string[], answer: ValidQuery<A>["answer"]): Parsed<ValidQuery<A>> {
  return { ok: true, value: { keysAsked, answer } };
}

const specs: { readonly [Q in QueryId]: QuerySpec<QueryAnswers[Q]> } = {
  persons,
  "stay-legality": stayLegality,
  inviters,
};

/** The answer to `query`, with the id of the audit record written before it. */
export async function answerQuery<Q extends QueryId>(
  query: Q,
  request: QueryRequest,
  deps: AnswerQueryDependencies,
): Promise<QueryAnswers[Q] & { readonly auditId: string }> {
  const parsed = specs[query](request.parameters);
  if (!parsed.ok) throw new QueryParametersError(parsed.errors);
  const asked = parsed.value;
  const now = deps.now();
  const record = (outcome: AuditOutcome, status: number, answered?: Answered<unknown>) =>
    writeRecord(query, request, deps, now, {
      outcome,
      status,
      personKeys: answered?.personKeys ?? asked.keysAsked,
      notificationIds: answered?.notificationIds ?? [],
    });

  if (!mayAsk(request.caller.unit, query)) {
    await record("refused", 403);
    throw new QueryForbiddenError(request.caller.unit, query);
  }
  try {
    const answered = await asked.answer(deps, now);
    const auditId = await record("answered", 200, answered);
    return { ...answered.answer, auditId };
  } catch (error) {
    // Too broad to read or to audit: nothing is answered, and the refusal is recorded.
    if (error instanceof QueryTooBroadError) await record("refused", 422);
    throw error;
  }
}

async function writeRecord(
  query: QueryId,
  { caller, purpose, parameters }: QueryRequest,
  deps: AnswerQueryDependencies,
  at: Date,
  result: {
    readonly outcome: AuditOutcome;
    readonly status: number;
    readonly personKeys: readonly string[];
    readonly notificationIds: readonly string[];
  },
): Promise<string> {
  const auditId = deps.newAuditId();
  await deps.audit.write({
    auditId,
    at: at.toISOString(),
    deployment: deps.deployment,
    unit: caller.unit,
    officer: caller.officer,
    principal: caller.principal,
    purpose,
    query,
    parameters: Object.fromEntries(
      Object.entries(parameters).flatMap(([name, value]) => (value === undefined ? [] : [[name, value]])),
    ),
    ...result,
  });
  return auditId;
}
