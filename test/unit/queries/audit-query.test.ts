import { describe, expect, it } from "vitest";
import { auditQueryOf } from "../../../shared/domain/queries/audit-query.ts";
import { pageQueryOf } from "../../../shared/domain/queries/paging.ts";

const ALMATY = "Asia/Almaty";

function codesOf(raw: Record<string, string>) {
  const parsed = auditQueryOf(raw, ALMATY);
  return parsed.ok ? [] : parsed.errors.map((error) => [error.path, error.code]);
}

describe("auditQueryOf", () => {
  it("reads dates on the deployment's clocks: from midnight of `from` to the end of `to`", () => {
    expect(auditQueryOf({ from: "2026-11-01", to: "2026-11-30" }, ALMATY)).toEqual({
      ok: true,
      value: { from: "2026-10-31T19:00:00.000Z", to: "2026-11-30T19:00:00.000Z", limit: 20 },
    });
  });

  it("takes ISO instants as they are, and normalises a person as the queries do", () => {
    expect(
      auditQueryOf(
        {
          from: "2026-11-29T10:00:00Z",
          to: "2026-11-29T18:00:00+05:00",
          unit: "imc",
          person: "uz:fa 123-4567",
          limit: "5",
          cursor: "abc",
        },
        ALMATY,
      ),
    ).toEqual({
      ok: true,
      value: {
        from: "2026-11-29T10:00:00.000Z",
        to: "2026-11-29T13:00:00.000Z",
        unit: "imc",
        personKey: "DOC#UZB#FA1234567",
        limit: 5,
        cursor: "abc",
      },
    });
    const byIin = auditQueryOf({ from: "2026-11-01", to: "2026-11-02", person: "881102402170" }, ALMATY);
    expect(byIin.ok && byIin.value.personKey).toBe("IIN#881102402170");
  });

  it("refuses a period that ends before it starts or covers more than 366 days", () => {
    expect(codesOf({ from: "2026-11-02", to: "2026-11-01" })).toEqual([["/query/to", "query.range"]]);
    expect(codesOf({ from: "2025-01-01", to: "2026-01-02" })).toEqual([["/query/to", "query.range"]]);
    expect(codesOf({ from: "2025-01-01", to: "2026-01-01" })).toEqual([]);
  });

  it("names each bad parameter at its path", () => {
    expect(codesOf({ to: "2026-11-01" })).toEqual([["/query/from", "query.required"]]);
    expect(codesOf({ from: "yesterday", to: "2026-11-01", unit: "auditor", person: "12345" })).toEqual([
      ["/query/unit", "query.enum"],
    ]);
    expect(codesOf({ from: "yesterday", to: "2026-11-01", person: "12345" })).toEqual([
      ["/query/from", "time.format"],
      ["/query/person", "iin.format"],
    ]);
    expect(codesOf({ from: "2026-11-01", to: "2026-11-02", person: "Atlantis:123" })).toEqual([
      ["/query/person", expect.stringMatching(/^country\./)],
    ]);
  });
});

describe("pageQueryOf", () => {
  it("pages by 20 by default, at most 100", () => {
    expect(pageQueryOf({})).toEqual({ ok: true, value: { limit: 20 } });
    expect(pageQueryOf({ limit: "100", cursor: "x" })).toEqual({
      ok: true,
      value: { limit: 100, cursor: "x" },
    });
    const tooMany = pageQueryOf({ limit: "101" });
    expect(tooMany.ok ? [] : tooMany.errors.map((error) => [error.path, error.code])).toEqual([
      ["/query/limit", "query.range"],
    ]);
  });
});
