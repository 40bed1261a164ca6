/**
 * Property tests of `mapFeedRequest`: it never throws, whatever the body; and a valid fixture with one
 * leaf field broken is refused with an error at that field, whose message repeats neither the value
 * sent nor the value that was there.
 *
 * Which leaves are required, nullable or schema constants is read from the contract's own JSON Schema
 * (the one the OpenAPI document shows), so the test follows the contract as it changes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { type FeedSourceId, feedSourceIds, kindsOfFeed } from "../../../shared/domain/catalogue/index.ts";
import { type FeedMapping, feedContracts, mapFeedRequest } from "../../../shared/sources/index.ts";
import { type Json, type JsonObject, loadFixture, mapContext, recordsOf, setAt, valueAt } from "./support.ts";

const NUM_RUNS = 1000;

function assertWellFormed(mapping: FeedMapping): void {
  if (mapping.ok) {
    expect(mapping.records.length).toBeGreaterThan(0);
    return;
  }
  expect(mapping.errors.length).toBeGreaterThan(0);
  for (const error of mapping.errors) {
    expect(error.path === "" || error.path.startsWith("/")).toBe(true);
    expect(error.code).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+$/);
    expect(error.message.length).toBeGreaterThan(0);
  }
}

// --- The contract's JSON Schema, walked along a fixture ------------------------------------------

type SchemaNode = { [key: string]: unknown };

function isNode(value: unknown): value is SchemaNode {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

class ContractSchema {
  private readonly root: SchemaNode;
  private readonly defs: SchemaNode;

  constructor(source: FeedSourceId) {
    const schema: unknown = z.toJSONSchema(feedContracts[source], { io: "input", target: "draft-2020-12" });
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
function leavesOf(value: Json, pointer = ""): string[] {
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

function allows(types: Set<string>, value: Json): boolean {
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

type Mutation =
  | { kind: "delete" }
  | { kind: "wrong-type"; value: Json }
  | { kind: "invalid-string"; value: string };

const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: "delete" }),
  wrongTypeValues.map((value): Mutation => ({ kind: "wrong-type", value })),
  fc.constantFrom(...invalidStrings).map((value): Mutation => ({ kind: "invalid-string", value })),
);

/**
 * Messages must not repeat a value that was sent, when that value is long enough to be telling. (Not
 * checked for the random wrong-type values: `false` is rightly part of "false-document", an allowed
 * value the message lists.)
 */
function echoes(mapping: FeedMapping, value: Json | undefined): boolean {
  if (mapping.ok || value === undefined || value === null || typeof value === "object") return false;
  const text = String(value);
  if (text.trim().length < 4) return false;
  return mapping.errors.some((error) => error.message.includes(text));
}

describe.each(feedSourceIds)("%s feed, properties", (source) => {
  const fixtures = kindsOfFeed(source).map((kind) => loadFixture(source, kind));
  const validRecords = fixtures.flatMap((body) => recordsOf(body));
  const contract = new ContractSchema(source);
  const targets = fixtures.flatMap((body, fixture) =>
    leavesOf(body).map((pointer) => ({ fixture, pointer })),
  );

  it("never throws on any JSON value, and always says why it refuses", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        assertWellFormed(mapFeedRequest(source, body, mapContext()));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("never throws on anything JSON-ish, in the envelope or as records", () => {
    const records = fc.array(
      fc.oneof(
        fc.constantFrom(...validRecords),
        fc.anything({ maxDepth: 3 }),
        fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
      ),
      { maxLength: 6 },
    );
    const bodies = fc.oneof(
      fc.anything(),
      fc.record({ contractVersion: fc.constantFrom("1", 1, "2"), records }),
      fc.record({ contractVersion: fc.constant("1"), records, extra: fc.anything() }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(bodies, (body) => {
        assertWellFormed(mapFeedRequest(source, body, mapContext()));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("refuses a valid fixture with one leaf broken, at that leaf, without repeating values", () => {
    fc.assert(
      fc.property(fc.constantFrom(...targets), mutations, ({ fixture, pointer }, mutation) => {
        // Prepare
        const original = fixtures[fixture];
        if (original === undefined) throw new Error("no fixture");
        const body = structuredClone(original);
        const before = valueAt(body, pointer);
        const leaf = contract.leaf(body, pointer);
        const inArray = /\/\d+$/.test(pointer);
        if (mutation.kind === "delete" && inArray) return;
        if (mutation.kind === "wrong-type" && allows(leaf.types, mutation.value)) return;
        setAt(body, pointer, mutation.kind === "delete" ? undefined : mutation.value);

        // Act
        const mapping = mapFeedRequest(source, body, mapContext());

        // Assess
        if (mutation.kind === "delete" && !leaf.required) {
          expect(mapping.ok, `${pointer} is optional`).toBe(true);
          return;
        }
        expect(mapping.ok, `${pointer} broken by ${mutation.kind}`).toBe(false);
        if (mapping.ok) return;
        const atLeaf = mapping.errors.filter((e) => e.path === pointer || e.path.startsWith(`${pointer}/`));
        expect(atLeaf, `${pointer}: ${JSON.stringify(mapping.errors)}`).not.toEqual([]);
        if (mutation.kind === "invalid-string") expect(echoes(mapping, mutation.value)).toBe(false);
        if (!leaf.constant) expect(echoes(mapping, before)).toBe(false);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("has leaves to break in every fixture", () => {
    expect(targets.length).toBeGreaterThan(fixtures.length * 10);
  });
});

describe("JSON Schema walker of the properties", () => {
  it("knows required, optional, nullable and constant leaves", () => {
    // Prepare
    const contract = new ContractSchema("kqp");
    const body: JsonObject = loadFixture("kqp", "registration.migration");

    // Act
    const recordType = contract.leaf(body, "/records/0/recordType");
    const region = contract.leaf(body, "/records/0/region");
    const hostType = contract.leaf(body, "/records/0/host/type");
    const entryDate = contract.leaf(body, "/records/0/entryDate");
    const passportNumber = contract.leaf(body, "/records/0/foreigner/documents/0/number");

    // Assess
    expect(recordType).toEqual({ required: true, types: new Set(["string"]), constant: true });
    expect(region).toEqual({ required: true, types: new Set(["string", "null"]), constant: true });
    expect(hostType.constant).toBe(true);
    expect(entryDate).toEqual({ required: false, types: new Set(["string"]), constant: false });
    expect(passportNumber).toEqual({ required: true, types: new Set(["string"]), constant: false });
  });
});
