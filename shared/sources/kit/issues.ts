/**
 * Zod issues → the hub's field errors: a JSON pointer from the request-body root, a stable code and a
 * message written here. Messages name what the contract expects and never repeat what was sent (a
 * value may be personal data): zod's own messages are not used, except the texts of custom issues,
 * which the contract and the normalisers write without the input. Pointers hold only the contract's
 * own field names: an unknown field is told by its position in its object.
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

/**
 * The item lists of the envelopes (a feed's records, the units' reports), by JSON pointer, with the
 * name of one item: their size limits have codes of their own (`records.empty`, `reports.too-many`).
 */
const ITEM_LISTS: ReadonlyMap<string, string> = new Map([
  ["/records", "record"],
  ["/reports", "report"],
]);
const VERSION_POINTER = "/contractVersion";

/**
 * The field errors of one zod issue. `prefix` is where the parsed value sits in the request body
 * (e.g. `["records", 3]`), `input` the value that was parsed (to tell "missing" from "wrong type").
 */
export function fieldErrorsOf(issue: Issue, prefix: readonly Segment[], input: unknown): FieldError[] {
  const local = issue.path;
  const path = jsonPointer([...prefix, ...local]);
  switch (issue.code) {
    case "unrecognized_keys": {
      const messageOf = unknownFieldMessages(valueAt(input, local));
      return issue.keys.map((key) => ({ path, code: "contract.unknown-field", message: messageOf(key) }));
    }
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

/** A key JavaScript lists before all others whatever the order sent (an array index: `0`, `42`). */
const isIndexKey = (key: string): boolean => /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;

/**
 * The messages of an object's unknown fields, each told by its position in the object and never by
 * its name: the sender chose the name, which can carry anything (a person's name, an IIN).
 * JSON.parse keeps the order sent except for keys that are numbers, which it lists first; those are
 * counted apart.
 */
function unknownFieldMessages(object: unknown): (key: string) => string {
  const keys = object !== null && typeof object === "object" ? Object.keys(object) : [];
  const named = keys.filter((key) => !isIndexKey(key));
  const positions = new Map(named.map((key, index) => [key, index + 1]));
  const counting =
    named.length < keys.length
      ? "counting from 1 in the order sent, leaving out fields named by a number"
      : "counting from 1 in the order sent";
  const intro = "Contract v1 defines no such field here:";
  return (key) =>
    isIndexKey(key)
      ? `${intro} a field named by a number is not one of this object's; remove it.`
      : `${intro} field ${positions.get(key)} of this object (${counting}) is not one of its fields; field names are case-sensitive camelCase; remove it or check its spelling.`;
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
    const item = ITEM_LISTS.get(path);
    if (item !== undefined) {
      return { path, code: `${item}s.empty`, message: `A request carries at least ${minimum} ${item}.` };
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
    const item = ITEM_LISTS.get(path);
    if (item !== undefined) {
      return { path, code: `${item}s.too-many`, message: `A request carries at most ${maximum} ${item}s.` };
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
