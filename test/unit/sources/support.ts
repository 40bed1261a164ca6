/** Shared helpers of the feed tests: fixtures, a fixed mapping context, JSON helpers. */
import { readdirSync, readFileSync } from "node:fs";
import { monotonicFactory } from "ulid";
import {
  type DeploymentId,
  type FeedKindId,
  type FeedSourceId,
  feedKindIds,
  feedOf,
} from "../../../shared/domain/catalogue/index.ts";
import type { MapContext } from "../../../shared/sources/index.ts";

export const RECEIVED_AT = new Date("2025-06-02T09:00:00.000Z");

export function mapContext(deployment: DeploymentId = "almaty", receivedAt: Date = RECEIVED_AT): MapContext {
  const next = monotonicFactory();
  return { deployment, receivedAt, newId: () => next(receivedAt.getTime()) };
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const fixturesRoot = new URL("../../../samples/feeds/", import.meta.url);

export function sourceOfKind(kind: FeedKindId): FeedSourceId {
  const source = feedOf(kind);
  if (source === undefined) throw new Error(`${kind} is not a feed kind`);
  return source;
}

export function fixturePath(source: FeedSourceId, name: string): URL {
  return new URL(`${source}/${name}.json`, fixturesRoot);
}

/** A fresh copy of a fixture request body. */
export function loadFixture(source: FeedSourceId, name: string): JsonObject {
  return JSON.parse(readFileSync(fixturePath(source, name), "utf8")) as JsonObject;
}

/** The fixture files of a source, without `.json`. */
export function fixtureNames(source: FeedSourceId): string[] {
  return readdirSync(new URL(`${source}/`, fixturesRoot))
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

/** One entry per feed kind of the catalogue: the kind, its source, and its fixture's name. */
export const feedKindFixtures: ReadonlyArray<{ kind: FeedKindId; source: FeedSourceId }> = feedKindIds.map(
  (kind) => ({ kind, source: sourceOfKind(kind) }),
);

/** The records array of a fixture body. */
export function recordsOf(body: JsonObject): JsonObject[] {
  const records = body.records;
  if (!Array.isArray(records)) throw new Error("fixture without records");
  return records as JsonObject[];
}

export function firstRecord(body: JsonObject): JsonObject {
  const [record] = recordsOf(body);
  if (record === undefined) throw new Error("fixture without records");
  return record;
}

function segmentsOf(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The container holding the value a JSON pointer names, and the key of that value in it. */
function parentOf(root: Json, pointer: string): { parent: Json[] | JsonObject; key: string } {
  const segments = segmentsOf(pointer);
  const key = segments.pop();
  if (key === undefined) throw new Error("the root has no parent");
  let current: Json = root;
  for (const segment of segments) {
    const next: Json | undefined = Array.isArray(current)
      ? current[Number(segment)]
      : current !== null && typeof current === "object"
        ? current[segment]
        : undefined;
    if (next === undefined) throw new Error(`no value at ${pointer}`);
    current = next;
  }
  if (current === null || typeof current !== "object") throw new Error(`no container at ${pointer}`);
  return { parent: current, key };
}

/** Sets (or, with `undefined`, deletes) the value a JSON pointer names, in place. */
export function setAt(root: Json, pointer: string, value: Json | undefined): void {
  const { parent, key } = parentOf(root, pointer);
  if (Array.isArray(parent)) {
    if (value === undefined) parent.splice(Number(key), 1);
    else parent[Number(key)] = value;
  } else if (value === undefined) delete parent[key];
  else parent[key] = value;
}

/** The value a JSON pointer names, or undefined. */
export function valueAt(root: Json, pointer: string): Json | undefined {
  let current: Json | undefined = root;
  for (const segment of segmentsOf(pointer)) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (current !== null && typeof current === "object") current = current[segment];
    else return undefined;
  }
  return current;
}
