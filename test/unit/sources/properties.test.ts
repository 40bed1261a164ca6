/**
 * Property tests of `mapFeedRequest`: it never throws, whatever the body; and a valid fixture with one
 * leaf field broken is refused with an error at that field, whose message repeats neither the value
 * sent nor the value that was there.
 * (The contract walker and the mutations are in contract-properties.ts.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { feedSourceIds, kindsOfFeed } from "../../../shared/domain/catalogue/index.ts";
import { type FeedMapping, feedContracts, mapFeedRequest } from "../../../shared/sources/index.ts";
import { allows, ContractSchema, echoes, leavesOf, mutations } from "./contract-properties.ts";
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

describe.each(feedSourceIds)("%s feed, properties", (source) => {
  const fixtures = kindsOfFeed(source).map((kind) => loadFixture(source, kind));
  const validRecords = fixtures.flatMap((body) => recordsOf(body));
  const contract = new ContractSchema(feedContracts[source]);
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
        if (mutation.kind === "invalid-string") expect(echoes(mapping.errors, mutation.value)).toBe(false);
        if (!leaf.constant) expect(echoes(mapping.errors, before)).toBe(false);
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
    const contract = new ContractSchema(feedContracts.kqp);
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
