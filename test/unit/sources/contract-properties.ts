/**
 * What the property tests of the request contracts (feeds and units' reports) share: the contract's
 * JSON Schema walked along a valid body, the leaves of a body, and the ways one leaf gets broken.
 *
 * Which leaves are required, nullable or schema constants is read from the contract's own JSON Schema,
 * so the tests follow the contracts as they change.
 */
import fc from "fast-check";
import * as z from "zod";
import type { FieldError } from "../../../shared/domain/field-error.ts";
import { type Json, valueAt } from "./support.ts";

type SchemaNode = { [key: string]: unknown };

function isNode(value: unknown): value is SchemaNode {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * A contract's JSON Schema (the one the OpenAPI document shows), walked along a valid body to say what
 * the contract requires of each leaf.
 */
export class ContractSchema {
  private readonly root: SchemaNode;
  private readonly defs: SchemaNode;

  constructor(contract: z.ZodType) {
    const schema: unknown = z.toJSONSchema(contract, { io: "input", target: "draft-2020-12" });
    if (!isNode(schema)) throw new Error("no JSON Schema");
    this.root = schema;
    this.defs = isNode(schema.$defs) ? schema.$defs : {};
  }

  private resolve(node: SchemaNode): SchemaNode {
    let current = node;
    while (typeof current.$ref === "string") {
      const target = this.defs[current.$ref.replace("#/$defs/", "")];
      if (!isNode(target)) throw new Error(`unresolved ${current.$ref}`);
      current = target;
    }
    return current;
  }

  /** The branch of a union that describes `value` (by its discriminator), or the node itself. */
  private branchFor(node: SchemaNode, value: Json | undefined): SchemaNode {
    const resolved = this.resolve(node);
    const options = resolved.oneOf ?? resolved.anyOf;
    if (!Array.isArray(options)) return resolved;
    const branches = options.filter(isNode).map((option) => this.resolve(option));
    if (value === null) return branches.find((b) => b.type === "null") ?? resolved;
    const nonNull = branches.filter((b) => b.type !== "null");
    const matching = nonNull.find((branch) => {
      if (!isNode(branch.properties) || value === undefined || value === null || typeof value !== "object") {
        return false;
      }
      return Object.entries(branch.properties).every(([key, property]) => {
        if (!isNode(property) || Array.isArray(value)) return true;
        const sent = value[key];
        // An optional field left out says nothing about the branch.
        if (sent === undefined) return true;
        if ("const" in property) return sent === property.const;
        if (Array.isArray(property.enum)) return property.enum.includes(sent);
        return true;
      });
    });
    return matching ?? nonNull[0] ?? resolved;
  }

  /** What the contract says of the leaf at `pointer` inside `body`. */
  leaf(body: Json, pointer: string): { required: boolean; types: Set<string>; constant: boolean } {
    const segments = pointer.split("/").slice(1);
    let node: SchemaNode = this.root;
    let required = true;
    let path = "";
    for (const segment of segments) {
      const container = this.branchFor(node, valueAt(body, path));
      path = `${path}/${segment}`;
      if (container.type === "array" && isNode(container.items)) {
        node = container.items;
        required = true;
      } else if (isNode(container.properties) && isNode(container.properties[segment])) {
        node = container.properties[segment];
        required = Array.isArray(container.required) && container.required.includes(segment);
      } else {
        throw new Error(`no schema for ${pointer} at ${segment}`);
      }
    }
    const resolved = this.resolve(node);
    const options = [
      resolved,
      ...[resolved.anyOf, resolved.oneOf].flatMap((o) => (Array.isArray(o) ? o : [])),
    ]
      .filter(isNode)
      .map((option) => this.resolve(option));
    const types = new Set(options.flatMap((o) => (typeof o.type === "string" ? [o.type] : [])));
    const constant = options.some((o) => "const" in o || Array.isArray(o.enum));
    return { required, types, constant };
  }
}

/** JSON pointers of every leaf (string, number, boolean, null) inside `value`. */
export function leavesOf(value: Json, pointer = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leavesOf(item, `${pointer}/${index}`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => leavesOf(item, `${pointer}/${key}`));
  }
  return [pointer];
}

function jsonTypeOf(value: Json): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

export function allows(types: Set<string>, value: Json): boolean {
  const type = jsonTypeOf(value);
  return types.has(type) || (type === "integer" && types.has("number"));
}

const wrongTypeValues: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }) as fc.Arbitrary<Json>,
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), {
    maxKeys: 2,
  }) as fc.Arbitrary<Json>,
);

/** Strings no string field of the contracts accepts: empty, blank, far too long. */
const invalidStrings = ["", "   ", "x".repeat(5000)];

export type Mutation =
  | { kind: "delete" }
  | { kind: "wrong-type"; value: Json }
  | { kind: "invalid-string"; value: string };

export const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: "delete" }),
  wrongTypeValues.map((value): Mutation => ({ kind: "wrong-type", value })),
  fc.constantFrom(...invalidStrings).map((value): Mutation => ({ kind: "invalid-string", value })),
);

/**
 * Messages must not repeat a value that was sent, when that value is long enough to be telling. (Not
 * checked for the random wrong-type values: `false` is rightly part of "false-document", an allowed
 * value the message lists.)
 */
export function echoes(errors: readonly FieldError[], value: Json | undefined): boolean {
  // A boolean is no personal data, and "true or false" is how a message names the type.
  if (value === undefined || value === null || typeof value === "object" || typeof value === "boolean") {
    return false;
  }
  const text = String(value);
  if (text.trim().length < 4) return false;
  return errors.some((error) => error.message.includes(text));
}
