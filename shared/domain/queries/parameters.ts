/**
 * Query-string parameters of the hub's queries: how their problems are reported. A problem names
 * the parameter as the JSON pointer `/query/<name>` (`/query` for the parameters as a whole).
 */
import { en } from "zod/locales";
import * as z from "zod/mini";
import { type FieldError, jsonPointer } from "../field-error.ts";

/** The raw query string as the HTTP edge receives it: each parameter at most once. */
export type QueryParameters = Readonly<Record<string, string | undefined>>;

function parameterPath(name?: string): string {
  return jsonPointer(name === undefined ? ["query"] : ["query", name]);
}

export function parameterError(name: string | undefined, code: string, message: string): FieldError {
  return { path: parameterPath(name), code, message };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** zod's English messages, which the problems carry, whatever zod flavour (classic or mini) built the schema. */
const english = en();

/**
 * Parses the query string with a parameter schema. A refinement states its code as `params.code`;
 * otherwise the code follows the kind of problem.
 */
export function parseParameters<T>(schema: z.core.$ZodType<T>, raw: QueryParameters): Parsed<T> {
  const parsed = z.safeParse(schema, raw, { error: english.localeError });
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => {
      const [segment] = issue.path;
      const name = typeof segment === "string" ? segment : undefined;
      const missing = name !== undefined && raw[name] === undefined;
      return parameterError(name, missing ? "query.required" : codeOf(issue), issue.message);
    }),
  };
}

function codeOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "custom":
      return typeof issue.params?.code === "string" ? issue.params.code : "query.invalid";
    case "invalid_type":
      return "query.type";
    case "too_big":
    case "too_small":
      return issue.origin === "string" ? "query.length" : "query.range";
    case "invalid_format":
      return "query.format";
    case "invalid_value":
      return "query.enum";
    default:
      return "query.invalid";
  }
}
