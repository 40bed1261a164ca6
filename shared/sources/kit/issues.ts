/**
 * Zod issues → the hub's field errors: a JSON pointer from the request-body root, a stable code and a
 * message written here. Messages name what the contract expects and never repeat what was sent (a
 * value may be personal data): zod's own messages are not used, except the texts of custom issues,
 * which the contract and the normalisers write without the input.
 */
import type * as z from "zod";
import { type FieldError, jsonPointer } from "../../domain/field-error.ts";

type Issue = z.core.$ZodIssue;
type Segment = PropertyKey;

/** The value at `path` inside `root`, or undefined when the path leads nowhere. */
function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    if (typeof segment === "symbol") return undefined;
    current = Object.hasOwn(current, segment)
      ? (current as Record<string, unknown>)[String(segment)]
      : undefined;
  }
  return current;
}

function isMissing(root: unknown, path: readonly Segment[]): boolean {
  const last = path.at(-1);
  if (last === undefined) return root === undefined;
  const parent = valueAt(root, path.slice(0, -1));
  return parent !== null && typeof parent === "object" && !Object.hasOwn(parent, String(last));
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  null: "null",
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function listOf(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}

/** Codes of the envelope's own limits, by JSON pointer. */
const RECORDS_POINTER = "/records";
const VERSION_POINTER = "/contractVersion";

/**
 * The field errors of one zod issue. `prefix` is where the parsed value sits in the request body
 * (e.g. `["records", 3]`), `input` the value that was parsed (to tell "missing" from "wrong type").
 */
export function fieldErrorsOf(issue: Issue, prefix: readonly Segment[], input: unknown): FieldError[] {
  const local = issue.path;
  const path = jsonPointer([...prefix, ...local]);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        path: jsonPointer([...prefix, ...local, key]),
        code: "contract.unknown-field",
        message:
          "Contract v1 has no such field here (field names are case-sensitive camelCase); remove it or check the spelling.",
      }));
    case "invalid_type": {
      if (path === VERSION_POINTER) return [versionError(path)];
      if (isMissing(input, local)) {
        return [{ path, code: "contract.required", message: "This field is required." }];
      }
      if (path === "") {
        return [{ path, code: "contract.type", message: "The request body must be a JSON object." }];
      }
      const nullField = typeof local.at(-1) === "string" && valueAt(input, local) === null;
      return [
        {
          path,
          code: "contract.type",
          message: nullField
            ? `Must be ${typeName(issue.expected)}; null is not accepted (leave an optional field out instead).`
            : `Must be ${typeName(issue.expected)}.`,
        },
      ];
    }
    case "invalid_value":
      if (path === VERSION_POINTER) return [versionError(path)];
      if (isMissing(input, local)) {
        return [
          {
            path,
            code: "contract.required",
            message: `This field is required: one of ${listOf(issue.values)}.`,
          },
        ];
      }
      return [{ path, code: "contract.enum", message: `Must be one of ${listOf(issue.values)}.` }];
    case "invalid_union":
      if (issue.discriminator !== undefined && "options" in issue && issue.options !== undefined) {
        const allowed = listOf(issue.options);
        if (isMissing(input, local)) {
          return [{ path, code: "contract.required", message: `This field is required: one of ${allowed}.` }];
        }
        return [{ path, code: "contract.enum", message: `Must be one of ${allowed}.` }];
      }
      return [
        { path, code: "contract.type", message: "Does not match any of the allowed forms of this field." },
      ];
    case "too_small":
      return [tooSmall(path, issue.origin, Number(issue.minimum))];
    case "too_big":
      return [tooBig(path, issue.origin, Number(issue.maximum))];
    case "invalid_format":
      return [{ path, code: "contract.format", message: "Has the wrong format for this field." }];
    case "not_multiple_of":
      return [{ path, code: "contract.range", message: `Must be a multiple of ${issue.divisor}.` }];
    case "custom": {
      const code = typeof issue.params?.code === "string" ? issue.params.code : "contract.invalid";
      return [{ path, code, message: issue.message }];
    }
    default:
      return [{ path, code: "contract.invalid", message: "Is not valid for this field." }];
  }
}

function versionError(path: string): FieldError {
  return {
    path,
    code: "contract.version",
    message: 'contractVersion must be "1", the only version of this feed contract.',
  };
}

function tooSmall(path: string, origin: string, minimum: number): FieldError {
  if (origin === "array") {
    if (path === RECORDS_POINTER) {
      return { path, code: "records.empty", message: `A request carries at least ${minimum} record.` };
    }
    return { path, code: "contract.size", message: `Must have at least ${minimum} item(s).` };
  }
  if (origin === "string") {
    return minimum <= 1
      ? { path, code: "contract.empty", message: "Must not be empty or blank." }
      : { path, code: "contract.length", message: `Must have at least ${minimum} characters.` };
  }
  return { path, code: "contract.range", message: `Must be at least ${minimum}.` };
}

function tooBig(path: string, origin: string, maximum: number): FieldError {
  if (origin === "array") {
    if (path === RECORDS_POINTER) {
      return { path, code: "records.too-many", message: `A request carries at most ${maximum} records.` };
    }
    return { path, code: "contract.size", message: `Must have at most ${maximum} items.` };
  }
  if (origin === "string") {
    return { path, code: "contract.length", message: `Must have at most ${maximum} characters.` };
  }
  return { path, code: "contract.range", message: `Must be at most ${maximum}.` };
}

/** All field errors of a failed parse, in zod's order (fields in schema order). */
export function fieldErrorsOfIssues(
  issues: readonly Issue[],
  prefix: readonly Segment[],
  input: unknown,
): FieldError[] {
  return issues.flatMap((issue) => fieldErrorsOf(issue, prefix, input));
}
