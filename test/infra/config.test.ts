import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_REGION,
  DOCUMENTATION_CIDRS,
  defaultDeploymentConfig,
  isDocumentationCidr,
  placeholdersIn,
} from "../../infra/config/defaults.ts";
import {
  ConfigurationError,
  mergeOverrides,
  readConfigOverrides,
  resolveDeploymentConfigs,
  selectDeployments,
} from "../../infra/config/load.ts";
import { type DeploymentConfig, deploymentConfigSchema } from "../../infra/config/schema.ts";
import { greaterThanRegex } from "../../infra/constructs/ingest-api.ts";
import { retentionAtMost } from "../../infra/stacks/hub-stack.ts";
import {
  deploymentIds,
  type ExtraSubscriptions,
  feedSourceIds,
  kindIds,
  kinds,
  kindsByUnit,
  subscribersOf,
  unitIds,
} from "../../shared/domain/catalogue/index.ts";
import { AUDIT_RETENTION_DAYS } from "../../shared/wiring/limits.ts";

describe("deployment configuration", () => {
  it("has a valid embedded default for every deployment of the catalogue", () => {
    // Act
    const configs = resolveDeploymentConfigs(deploymentIds);

    // Assess
    expect([...configs.keys()]).toEqual(deploymentIds);
    for (const [id, config] of configs) {
      expect(config.region).toBe(DEFAULT_REGION);
      expect(config.account).toBeUndefined();
      expect(feedSourceIds.every((source) => config.sources[source].allowedCidrs.length > 0)).toBe(true);
      // Every default is a placeholder that synth warns about: allow-lists, alarm e-mail, auditors.
      expect(placeholdersIn(config)).toHaveLength(feedSourceIds.length + 2);
      expect(config.alarmEmail).toContain(id);
    }
  });

  it("ships only RFC 5737 documentation ranges as allow-lists", () => {
    const config = defaultDeploymentConfig("almaty");
    for (const source of feedSourceIds) {
      expect(config.sources[source].allowedCidrs.every(isDocumentationCidr)).toBe(true);
    }
    expect(DOCUMENTATION_CIDRS.every(isDocumentationCidr)).toBe(true);
    expect(isDocumentationCidr("192.0.2.128/25")).toBe(true);
    expect(isDocumentationCidr("192.0.3.0/24")).toBe(false);
    expect(isDocumentationCidr("10.0.0.0/8")).toBe(false);
    expect(isDocumentationCidr("2001:db8::/32")).toBe(false);
  });

  it("takes the account from the CDK environment when the deployment names none", () => {
    const [config] = resolveDeploymentConfigs(["transport"], {}, { defaultAccount: "111122223333" }).values();
    expect(config?.account).toBe("111122223333");
  });

  it("selects all deployments, a subset, and refuses unknown names listing the valid ones", () => {
    expect(selectDeployments(undefined)).toEqual(deploymentIds);
    expect(selectDeployments("almaty, transport")).toEqual(["almaty", "transport"]);
    expect(selectDeployments(["astana"])).toEqual(["astana"]);
    expect(() => selectDeployments("almaty,atlantis")).toThrow(ConfigurationError);
    expect(() => selectDeployments("atlantis")).toThrow(/atlantis.*Valid deployments: abai, akmola/);
    expect(() => selectDeployments(",")).toThrow(ConfigurationError);
  });

  it("merges overrides: objects key by key, arrays replaced, deployment over all", () => {
    // Prepare
    const overrides = {
      all: { retentionDays: 180, sources: { kqp: { allowedCidrs: ["10.1.0.0/16"] } } },
      deployments: { almaty: { retentionDays: 90, alarmEmail: "duty@police.example.kz" } },
    };

    // Act
    const configs = resolveDeploymentConfigs(["almaty", "astana"], overrides);

    // Assess
    const almaty = configs.get("almaty");
    const astana = configs.get("astana");
    expect(almaty?.retentionDays).toBe(90);
    expect(astana?.retentionDays).toBe(180);
    expect(almaty?.sources.kqp).toEqual({
      allowedCidrs: ["10.1.0.0/16"],
      throttle: { rateLimit: 10, burstLimit: 20 },
    });
    expect(almaty?.alarmEmail).toBe("duty@police.example.kz");
    expect(mergeOverrides({ a: [1, 2], b: { c: 1 } }, { a: [3], b: { d: 2 } })).toEqual({
      a: [3],
      b: { c: 1, d: 2 },
    });
  });

  it("reports every invalid value with its deployment and path", () => {
    const overrides = {
      deployments: {
        almaty: { sources: { kqp: { allowedCidrs: [] } }, retentionDays: 0 },
        transport: { extraSubscriptions: { "border.illegal-crossing": ["no-such-unit"] }, typo: true },
      },
    };
    let message = "";
    try {
      resolveDeploymentConfigs(["almaty", "transport"], overrides);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/almaty:[\s\S]*sources\.kqp\.allowedCidrs/);
    expect(message).toMatch(/almaty:[\s\S]*retentionDays/);
    expect(message).toMatch(/transport:[\s\S]*extraSubscriptions/);
    expect(message).toMatch(/transport:[\s\S]*typo/);
  });

  it("keeps the unit queue age alarm below SQS's 14 days, and signature thresholds whole and not negative", () => {
    const base = defaultDeploymentConfig("almaty");
    const withAlarms = (alarms: Record<string, unknown>) =>
      deploymentConfigSchema.safeParse({ ...base, alarms: { ...base.alarms, ...alarms } }).success;
    expect(base.alarms).toEqual({ unitQueueAgeHours: 24, signatureFailuresPer5Minutes: 0 });
    expect(withAlarms({ unitQueueAgeHours: 1 })).toBe(true);
    expect(withAlarms({ unitQueueAgeHours: 13 * 24 })).toBe(true);
    // A message is gone at 14 days: an alarm after that would fire too late or never.
    expect(withAlarms({ unitQueueAgeHours: 14 * 24 })).toBe(false);
    expect(withAlarms({ unitQueueAgeHours: 0 })).toBe(false);
    expect(withAlarms({ signatureFailuresPer5Minutes: 10 })).toBe(true);
    expect(withAlarms({ signatureFailuresPer5Minutes: -1 })).toBe(false);
    expect(withAlarms({ signatureFailuresPer5Minutes: 0.5 })).toBe(false);
    expect(withAlarms({ typo: 1 })).toBe(false);
  });

  it("requires a reason to turn the web ACL off, and validates the mTLS domain", () => {
    const base = defaultDeploymentConfig("almaty");
    expect(deploymentConfigSchema.safeParse({ ...base, waf: { ...base.waf, enabled: false } }).success).toBe(
      false,
    );
    expect(
      deploymentConfigSchema.safeParse({
        ...base,
        waf: {
          ...base.waf,
          enabled: false,
          disabledReason: "an upstream WAF in the ministry's network filters this",
        },
      }).success,
    ).toBe(true);
    const domain = {
      domainName: "hub.almaty.police.example.kz",
      certificateArn:
        "arn:aws:acm:eu-central-1:123456789012:certificate/0e7a3c2e-1111-2222-3333-444455556666",
      truststoreUri: "s3://hub-truststores/almaty/ca-bundle.pem",
    };
    expect(deploymentConfigSchema.safeParse({ ...base, customDomain: domain }).success).toBe(true);
    expect(
      deploymentConfigSchema.safeParse({ ...base, customDomain: { ...domain, truststoreUri: "https://x/y" } })
        .success,
    ).toBe(false);
  });

  it("keeps audit records at least as long as the data they name, 5 years by default", () => {
    const base = defaultDeploymentConfig("almaty");
    // Only the problems with the audit retention: other fields have rules of their own.
    const auditProblems = (overrides: Partial<DeploymentConfig>) =>
      (deploymentConfigSchema.safeParse({ ...base, ...overrides }).error?.issues ?? []).filter(
        (issue) => issue.path[0] === "auditRetentionDays",
      );
    expect(base.auditRetentionDays).toBe(AUDIT_RETENTION_DAYS.default);
    expect(AUDIT_RETENTION_DAYS.default).toBe(5 * 365);
    expect(deploymentConfigSchema.safeParse(base).success).toBe(true);
    expect(auditProblems({ retentionDays: 365, auditRetentionDays: 365 })).toEqual([]);
    expect(auditProblems({ retentionDays: 30, auditRetentionDays: 31 })).toEqual([]);
    expect(auditProblems({ retentionDays: 366, auditRetentionDays: 365 })).toEqual([
      expect.objectContaining({ message: expect.stringContaining("at least retentionDays") }),
    ]);
    expect(auditProblems({ auditRetentionDays: AUDIT_RETENTION_DAYS.max + 1 })).toHaveLength(1);
    expect(auditProblems({ auditRetentionDays: 400.5 })).toHaveLength(1);
    // A deployment that keeps data longer than the audit default must say how long the audit stays.
    expect(() => resolveDeploymentConfigs(["almaty"], { all: { retentionDays: 2000 } })).toThrow(
      /almaty:[\s\S]*auditRetentionDays/,
    );
  });

  it("names the auditors by account id or IAM ARN; none is a placeholder synth warns about", () => {
    const base = defaultDeploymentConfig("almaty");
    const parse = (auditorPrincipals: unknown) =>
      deploymentConfigSchema.safeParse({ ...base, auditorPrincipals }).success;
    expect(base.auditorPrincipals).toEqual([]);
    expect(placeholdersIn(base).filter((found) => found.startsWith("auditorPrincipals"))).toHaveLength(1);
    const named = { ...base, auditorPrincipals: ["arn:aws:iam::210987654321:role/internal-audit"] };
    expect(parse(named.auditorPrincipals)).toBe(true);
    expect(placeholdersIn(named).some((found) => found.startsWith("auditorPrincipals"))).toBe(false);
    expect(parse(["210987654321"])).toBe(true);
    expect(parse(["internal-audit"])).toBe(false);
    expect(parse("210987654321")).toBe(false);
  });

  it("throttles the queries and the audit log per method, from the configuration", () => {
    const base = defaultDeploymentConfig("almaty");
    expect(base.queries.throttle).toEqual({ rateLimit: 10, burstLimit: 20 });
    expect(base.audit.throttle).toEqual({ rateLimit: 2, burstLimit: 5 });
    const parse = (overrides: Record<string, unknown>) =>
      deploymentConfigSchema.safeParse({ ...base, ...overrides }).success;
    expect(parse({ queries: { throttle: { rateLimit: 0, burstLimit: 1 } } })).toBe(false);
    expect(parse({ audit: { throttle: { rateLimit: 1, burstLimit: 2 }, typo: 1 } })).toBe(false);
  });

  it("reads overrides from a JSON file named by the context, and refuses unknown deployments in it", () => {
    const directory = mkdtempSync(join(tmpdir(), "order195-config-"));
    writeFileSync(
      join(directory, "good.json"),
      JSON.stringify({ deployments: { shymkent: { retentionDays: 30 } } }),
    );
    writeFileSync(join(directory, "bad.json"), JSON.stringify({ deployments: { atlantis: {} } }));
    expect(readConfigOverrides("good.json", directory)).toEqual({
      deployments: { shymkent: { retentionDays: 30 } },
    });
    expect(() => readConfigOverrides("bad.json", directory)).toThrow(/atlantis.*Valid deployments/);
    expect(() => readConfigOverrides("missing.json", directory)).toThrow(ConfigurationError);
    expect(readConfigOverrides({ all: { retentionDays: 30 } })).toEqual({ all: { retentionDays: 30 } });
  });
});

describe("extra subscriptions never remove the order's defaults", () => {
  const extrasArbitrary: fc.Arbitrary<ExtraSubscriptions> = fc
    .array(fc.tuple(fc.constantFrom(...kindIds), fc.subarray([...unitIds])), { maxLength: kindIds.length })
    .map((entries) => Object.fromEntries(entries) as ExtraSubscriptions);

  it("keeps every default subscriber of every kind, whatever the extras", () => {
    fc.assert(
      fc.property(extrasArbitrary, (extras) => {
        for (const kind of kindIds) {
          const subscribers = subscribersOf(kind, extras);
          expect(subscribers).toEqual(expect.arrayContaining([...kinds[kind].subscribers]));
          expect(new Set(subscribers).size).toBe(subscribers.length);
        }
        const defaults = kindsByUnit();
        const routed = kindsByUnit(extras);
        for (const [unit, received] of defaults) {
          expect(routed.get(unit)).toEqual(expect.arrayContaining(received));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("accepts only catalogue kinds and units in the configuration", () => {
    const base = defaultDeploymentConfig("almaty");
    const parse = (extraSubscriptions: unknown) =>
      deploymentConfigSchema.safeParse({ ...base, extraSubscriptions }).success;
    expect(parse({ "stay.overstay": ["duty"] })).toBe(true);
    expect(parse({ "stay.unknown": ["duty"] })).toBe(false);
    expect(parse({ "stay.overstay": ["nobody"] })).toBe(false);
  });
});

describe("helpers", () => {
  it("greaterThanRegex matches exactly the numbers above the limit", () => {
    for (const limit of [0, 9, 10, 99, 1_048_576, 1_000_000, 999_999]) {
      const regex = new RegExp(greaterThanRegex(limit));
      fc.assert(
        fc.property(fc.nat({ max: limit * 20 + 100 }), fc.nat({ max: 3 }), (value, zeros) => {
          expect(regex.test(`${"0".repeat(zeros)}${value}`)).toBe(value > limit);
        }),
        { numRuns: 300 },
      );
      expect(regex.test(String(limit))).toBe(false);
      expect(regex.test(String(limit + 1))).toBe(true);
      expect(regex.test("")).toBe(false);
      expect(regex.test("12a")).toBe(false);
    }
  });

  it("retentionAtMost picks the longest CloudWatch retention not above the days", () => {
    expect(retentionAtMost(365)).toBe(365);
    expect(retentionAtMost(364)).toBe(180);
    expect(retentionAtMost(90)).toBe(90);
    expect(retentionAtMost(2)).toBe(1);
    expect(retentionAtMost(3650)).toBe(3288);
  });
});
