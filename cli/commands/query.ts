import type { Language, QueryId } from "../../shared/domain/catalogue/index.ts";
import { defineCommand, UsageError } from "../command.ts";
import {
  describeAnswer,
  formatInviters,
  formatPersons,
  formatStayLegality,
  requireLanguage,
} from "../format-query.ts";
import { reportsTarget } from "../hub-config.ts";
import { printable } from "../printable.ts";
import { askQuery, type QueryAnswerBodies, type RequestParameters } from "../query-client.ts";

/** The words the command line uses for the catalogue's queries. */
const queryOfWord: Readonly<Record<string, QueryId>> = {
  persons: "persons",
  stay: "stay-legality",
  inviters: "inviters",
};

interface QueryFlags {
  readonly iin?: string;
  readonly document?: string;
  readonly country?: string;
  readonly name?: string;
  readonly "birth-date"?: string;
  readonly from?: string;
  readonly to?: string;
  readonly "min-count"?: string;
  readonly limit?: string;
  readonly cursor?: string;
}

/** The flags each query takes. */
const flagsOf: Readonly<Record<QueryId, readonly (keyof QueryFlags)[]>> = {
  persons: ["iin", "document", "country", "name", "birth-date", "limit", "cursor"],
  "stay-legality": ["iin", "document", "country"],
  inviters: ["from", "to", "min-count"],
};
const queryFlagNames = [...new Set(Object.values(flagsOf).flat())];

/**
 * The query string of `query` from the flags. The hub checks the values; the command line only refuses
 * what cannot be a question (no key, or flags of another query), before anything is sent.
 */
function parametersOf(query: QueryId, flags: QueryFlags): RequestParameters {
  const person = {
    iin: flags.iin,
    document: flags.document,
    country: flags.country,
  };
  const given = (names: readonly (keyof QueryFlags)[]) => names.filter((name) => flags[name] !== undefined);
  const foreign = queryFlagNames.filter(
    (name) => flags[name] !== undefined && !flagsOf[query].includes(name),
  );
  if (foreign.length > 0)
    throw new UsageError(`${foreign.map((name) => `--${name}`).join(", ")} not for this query`);
  switch (query) {
    case "persons":
      if (given(["iin", "document", "name"]).length !== 1)
        throw new UsageError("say whom: --iin, or --document with --country, or --name with --birth-date");
      return {
        ...person,
        name: flags.name,
        birthDate: flags["birth-date"],
        limit: flags.limit,
        cursor: flags.cursor,
      };
    case "stay-legality":
      if (given(["iin", "document"]).length !== 1)
        throw new UsageError("say whom: --iin, or --document with --country");
      return person;
    case "inviters":
      if (flags.from === undefined || flags.to === undefined)
        throw new UsageError("say which period: --from YYYY-MM-DD --to YYYY-MM-DD");
      return { from: flags.from, to: flags.to, minCount: flags["min-count"] };
  }
}

const formatters: {
  readonly [Q in QueryId]: (answer: QueryAnswerBodies[Q], language: Language) => string;
} = {
  persons: formatPersons,
  "stay-legality": formatStayLegality,
  inviters: formatInviters,
};

/** Asks `query` and words the hub's answer: formatted on 200, else the status and the hub's error. */
async function ask<Q extends QueryId>(
  query: Q,
  values: QueryFlags & { readonly unit?: string; readonly officer?: string; readonly "api-url"?: string },
  purpose: string,
  print: { readonly json: boolean; readonly language: Language },
): Promise<{ status: number; text: string }> {
  const response = await askQuery(reportsTarget(values), query, parametersOf(query, values), purpose);
  const text = describeAnswer(response, print, (answer) => formatters[query](answer, print.language));
  return { status: response.status, text };
}

export const queryCommand = defineCommand({
  name: "query",
  options: {
    unit: { type: "string", description: "the asking unit, whose role signs locally (e.g. imc)" },
    officer: {
      type: "string",
      description: "who asks, the role session name (local hub; default: your user name)",
    },
    purpose: { type: "string", description: "why: the case or matter reference (required; audited)" },
    iin: { type: "string", description: "the person's IIN (persons, stay)" },
    document: { type: "string", description: "a document number, with --country (persons, stay)" },
    country: { type: "string", description: "the document's issuing country (e.g. UZ, UZB, 860)" },
    name: { type: "string", description: "a full name, with --birth-date (persons)" },
    "birth-date": { type: "string", description: "date of birth YYYY-MM-DD, with --name (persons)" },
    from: { type: "string", description: "first day of the period YYYY-MM-DD (inviters)" },
    to: { type: "string", description: "last day of the period YYYY-MM-DD (inviters)" },
    "min-count": {
      type: "string",
      description: "fewest foreigners that make a repeat (inviters; default 3)",
    },
    limit: { type: "string", description: "most notifications of one page (persons)" },
    cursor: { type: "string", description: "the next page, as the previous answer printed it (persons)" },
    lang: { type: "string", description: "language of the titles: kk, ru or en (default en)" },
    "api-url": {
      type: "string",
      description:
        "the hub's API on AWS (default: the local hub, or HUB_API_URL); signs with your AWS credentials",
    },
    json: { type: "boolean", description: "print the hub's response as JSON" },
  },
  summary: "Ask the hub about a person, the legality of a stay, or repeat inviters (audited)",
  usage:
    'hub query persons|stay|inviters --unit <unit> --purpose "<case ref>" [--iin … | --document … --country … | --name … --birth-date … | --from … --to … [--min-count …]]',
  async run({ values, positionals, out }) {
    const [word, ...extra] = positionals;
    const query = word === undefined ? undefined : queryOfWord[word];
    if (query === undefined || extra.length > 0)
      throw new UsageError(`say which query: ${Object.keys(queryOfWord).join(", ")}`);
    const purpose = values.purpose?.trim() ?? "";
    if (purpose === "")
      throw new UsageError(
        'say why you ask: --purpose "<case or matter reference>" (every query is audited)',
      );
    const print = { json: values.json === true, language: requireLanguage(values.lang) };
    const { status, text } = await ask(query, values, purpose, print);
    out.write(printable(text, { lineFeeds: true }));
    return status === 200 ? 0 : 1;
  },
});
