import { describe, expect, it } from "vitest";
import { ConfigurationError, loadAuditConfig, loadQueriesConfig } from "../../../shared/config.ts";
import { envNames } from "../../../shared/wiring/env.ts";

const queriesEnv = (overrides: Record<string, string | undefined> = {}) => ({
  [envNames.deployment]: "almaty",
  [envNames.tableName]: "notifications-almaty",
  [envNames.auditTableName]: "audit-almaty",
  [envNames.auditRetentionDays]: "1825",
  ...overrides,
});

describe("loadQueriesConfig and loadAuditConfig", () => {
  it("read the notification table, the audit table and the audit retention", () => {
    expect(loadQueriesConfig(queriesEnv())).toEqual({
      deployment: "almaty",
      tableName: "notifications-almaty",
      auditTableName: "audit-almaty",
      auditRetentionDays: 1825,
    });
    expect(loadAuditConfig(queriesEnv())).toEqual({ deployment: "almaty", auditTableName: "audit-almaty" });
  });

  it("fail the cold start without an audit table, or with a retention out of bounds", () => {
    expect(() => loadQueriesConfig(queriesEnv({ [envNames.auditTableName]: undefined }))).toThrow(
      ConfigurationError,
    );
    expect(() => loadQueriesConfig(queriesEnv({ [envNames.auditRetentionDays]: "0" }))).toThrow(
      /HUB_AUDIT_RETENTION_DAYS/,
    );
    expect(() => loadAuditConfig({ [envNames.deployment]: "almaty" })).toThrow(/HUB_AUDIT_TABLE_NAME/);
  });
});
