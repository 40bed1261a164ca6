import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  deploymentIds,
  deployments,
  feedKindIds,
  hubKindIds,
  type KindDefinition,
  type KindText,
  kindIds,
  kinds,
  kindsByUnit,
  kindTexts,
  languages,
  orderKindIds,
  originatorOf,
  regionCodes,
  subscribersOf,
  unitIds,
} from "../../../shared/domain/catalogue/index.ts";

const domainBrief = new URL("../../../../shared/DOMAIN.md", import.meta.url);

/** The catalogue tables of DOMAIN.md: `| \`kind\` — text | from | articles | subscribers |`. */
function domainRows(): { kind: string; from: string; articles: string[]; subscribers: string[] }[] {
  const text = readFileSync(domainBrief, "utf8");
  return text
    .split("\n")
    .filter((line) => /^\| `[a-z0-9-]+\.[a-z0-9-]+`/.test(line))
    .map((line) => {
      const [first = "", from = "", articles = "", subscribers = ""] = line
        .split("|")
        .slice(1)
        .map((cell) => cell.trim());
      const kind = /`([^`]+)`/.exec(first)?.[1] ?? "";
      const listed = subscribers === "same as above" ? [] : subscribers.split(",").map((s) => s.trim());
      return {
        kind,
        from,
        articles: articles.split(",").map((a) => a.trim()),
        subscribers: listed.filter((s) => s.length > 0),
      };
    });
}

describe("catalogue", () => {
  it("has the 12 unit types, 21 deployments and 31 kinds of the order, besides the hub's own", () => {
    expect(unitIds).toHaveLength(12);
    expect(deploymentIds).toHaveLength(21);
    expect(orderKindIds).toHaveLength(31);
    expect(feedKindIds).toHaveLength(18);
    expect(hubKindIds).toEqual(expect.arrayContaining(["receipt.overdue", "receipt.escalated"]));
    expect(kindIds).toHaveLength(orderKindIds.length + hubKindIds.length);
  });

  it("gives every kind at least one subscriber, each an existing unit, none twice", () => {
    for (const id of kindIds) {
      const kind: KindDefinition = kinds[id];
      expect(kind.subscribers.length, id).toBeGreaterThan(0);
      expect(new Set(kind.subscribers).size, id).toBe(kind.subscribers.length);
      for (const unit of kind.subscribers) expect(unitIds, `${id} → ${unit}`).toContain(unit);
    }
  });

  it("gives every kind, and nothing else, a title in the three languages and a description", () => {
    expect(Object.keys(kindTexts)).toEqual(kindIds);
    for (const id of kindIds) {
      const text: KindText = kindTexts[id];
      for (const language of languages) expect(text.title[language].trim(), `${id} ${language}`).not.toBe("");
      expect(text.description.trim(), id).not.toBe("");
    }
  });

  it("identifies the 20 geographic deployments by distinct ISO 3166-2:KZ codes and Transport Police by none", () => {
    expect(regionCodes).toHaveLength(20);
    expect(new Set(regionCodes).size).toBe(20);
    for (const code of regionCodes) expect(code).toMatch(/^KZ-[1-7]\d$/);
    expect(deployments.transport.isoCode).toBeNull();
  });

  it("uses time zones the runtime knows", () => {
    for (const id of deploymentIds) {
      expect(() => new Intl.DateTimeFormat("en", { timeZone: deployments[id].timeZone }), id).not.toThrow();
    }
  });

  it("adds extra subscriptions without ever dropping the order's defaults", () => {
    const extras = { "citizenship.granted": ["migration-service", "imc"] } as const;
    expect(subscribersOf("citizenship.granted", extras)).toEqual(["imc", "migration-service"]);
    const table = kindsByUnit(extras);
    expect(table.get("migration-service")).toContain("citizenship.granted");
    for (const id of kindIds) {
      for (const unit of kinds[id].subscribers) expect(kindsByUnit().get(unit), `${unit}`).toContain(id);
    }
  });

  describe.skipIf(!existsSync(domainBrief))("against DOMAIN.md", () => {
    it("holds exactly the kinds, origins, articles and default subscribers of the brief's tables", () => {
      const rows = domainRows();
      expect(rows.map((row) => row.kind).sort()).toEqual([...orderKindIds].sort());
      let previous: string[] = [];
      for (const row of rows) {
        const id = row.kind as keyof typeof kinds;
        const kind: KindDefinition = kinds[id];
        const expected = row.subscribers.length === 0 ? previous : row.subscribers;
        expect(originatorOf(id), row.kind).toBe(row.from);
        expect([...kind.articles], row.kind).toEqual(row.articles);
        expect([...kind.subscribers].sort(), row.kind).toEqual([...expected].sort());
        previous = expected;
      }
    });
  });
});
