import { describe, expect, it } from "vitest";
import { AUDIT_IDS_PER_ITEM, auditItems } from "../../../shared/adapters/dynamodb/audit-log.ts";
import type { AuditRecord } from "../../../shared/domain/audit/audit-record.ts";
import { auditTable } from "../../../shared/wiring/audit-table.ts";

const record: AuditRecord = {
  auditId: "01JXAUDIT0000000000000000A",
  at: "2026-11-29T10:15:00.000Z",
  deployment: "almaty",
  unit: "imc",
  officer: "a.serikbayev",
  principal: "arn:aws:sts::000000000000:assumed-role/Order195Hub-almaty-imc/a.serikbayev",
  purpose: "case 2026-114/7",
  query: "persons",
  parameters: { iin: "881102402170" },
  personKeys: ["IIN#881102402170", "DOC#UZB#FA1234567", "IIN#881102402170"],
  outcome: "answered",
  status: 200,
  notificationIds: ["01JXN1", "01JXN2"],
};

const idsOf = (count: number) => Array.from({ length: count }, (_, index) => `01JXN${index}`);

describe("auditItems", () => {
  it("writes a record, one entry per distinct person key, all in the query's partition, kept for the audit retention", () => {
    const items = auditItems(record, 1825) ?? [];

    expect(items.map((item) => item[auditTable.sortKey]?.S)).toEqual([
      "RECORD",
      "PERSON#IIN#881102402170",
      "PERSON#DOC#UZB#FA1234567",
    ]);
    for (const item of items) {
      expect(item[auditTable.partitionKey]?.S).toBe("AUDIT#01JXAUDIT0000000000000000A");
      expect(item[auditTable.timeToLiveAttribute]?.N).toBe(
        String(Date.parse(record.at) / 1000 + 1825 * 86_400),
      );
    }
    const [recordItem, personItem] = items;
    expect(recordItem?.[auditTable.indexes.byDay.partitionKey]?.S).toBe("DAY#2026-11-29");
    expect(recordItem?.[auditTable.indexes.byDay.sortKey]?.S).toBe(`imc#${record.at}#${record.auditId}`);
    expect(personItem?.[auditTable.indexes.byPerson.partitionKey]?.S).toBe("IIN#881102402170");
    expect(personItem?.[auditTable.indexes.byPerson.sortKey]?.S).toBe(`${record.at}#${record.auditId}`);
  });

  it("puts the ids beyond what the record holds in continuation items of the same partition", () => {
    const notificationIds = idsOf(AUDIT_IDS_PER_ITEM * 2 + 1);

    const items = auditItems({ ...record, personKeys: [], notificationIds }, 30) ?? [];

    expect(items.map((item) => [item[auditTable.sortKey]?.S, item.notificationIds?.L?.length])).toEqual([
      ["RECORD", AUDIT_IDS_PER_ITEM],
      ["IDS#0001", AUDIT_IDS_PER_ITEM],
      ["IDS#0002", 1],
    ]);
    expect(items[0]?.notificationCount?.N).toBe(String(notificationIds.length));
    expect(items.flatMap((item) => item.notificationIds?.L?.map((id) => id.S) ?? [])).toEqual(
      notificationIds,
    );
  });

  it("has no items for a record larger than one transaction of 100 items holds", () => {
    const fits = {
      ...record,
      personKeys: ["IIN#881102402170"],
      notificationIds: idsOf(AUDIT_IDS_PER_ITEM * 99),
    };
    const tooMany = { ...fits, notificationIds: idsOf(AUDIT_IDS_PER_ITEM * 99 + 1) };

    expect(auditItems(fits, 30)).toHaveLength(100);
    expect(auditItems(tooMany, 30)).toBeUndefined();
  });
});
