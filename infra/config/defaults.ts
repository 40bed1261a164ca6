/**
 * Embedded defaults: every deployment of the catalogue gets a complete configuration, so `cdk synth`
 * works with no input. Nothing here is a real network or mailbox: the allow-lists are the RFC 5737
 * documentation ranges and the alarm address is on the RFC 2606 `example.com` domain, so a stack
 * deployed with defaults admits no caller and mails no one; no auditor is named, so the auditor role
 * falls back to the deployment account (synth warns about all three).
 */
import { type DeploymentId, type FeedSourceId, feedSourceIds } from "../../shared/domain/catalogue/index.ts";
import { AUDIT_RETENTION_DAYS } from "../../shared/wiring/limits.ts";
import type { DeploymentConfig, FeedSourceConfig } from "./schema.ts";

/**
 * Frankfurt: the closest AWS region to Kazakhstan with the full serverless feature set used here.
 * AWS has no region in Kazakhstan; see docs/deploying.md on data residency before any real deployment.
 * `CDK_DEFAULT_REGION` is deliberately not used: where personal data lives must not depend on the
 * profile of whoever runs the deploy.
 */
export const DEFAULT_REGION = "eu-central-1";

/** RFC 5737 documentation ranges (TEST-NET-1/2/3): routable by no one. */
export const DOCUMENTATION_CIDRS = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"] as const;

/** Where the placeholder alarm mail goes (RFC 2606 reserved domain). */
export const PLACEHOLDER_MAIL_DOMAIN = "example.com";

/** Personal data is kept one year unless a deployment says otherwise (a placeholder for the legal term). */
export const DEFAULT_RETENTION_DAYS = 365;

function placeholderSource(index: number): FeedSourceConfig {
  const cidr = DOCUMENTATION_CIDRS[index % DOCUMENTATION_CIDRS.length] ?? DOCUMENTATION_CIDRS[0];
  return { allowedCidrs: [cidr], throttle: { rateLimit: 10, burstLimit: 20 } };
}

export function defaultDeploymentConfig(deployment: DeploymentId, account?: string): DeploymentConfig {
  return {
    ...(account === undefined ? {} : { account }),
    region: DEFAULT_REGION,
    retentionDays: DEFAULT_RETENTION_DAYS,
    sources: Object.fromEntries(feedSourceIds.map((id, index) => [id, placeholderSource(index)])) as Record<
      FeedSourceId,
      FeedSourceConfig
    >,
    apiThrottle: { rateLimit: 25, burstLimit: 50 },
    // Officers file by hand or a unit's system in batches: 10 reports a second per unit is plenty.
    reports: { throttle: { rateLimit: 10, burstLimit: 20 }, reportsPerUnitPerMinute: 600 },
    // Officers ask about one person or one period at a time; an auditor reads rarely.
    queries: { throttle: { rateLimit: 10, burstLimit: 20 } },
    audit: { throttle: { rateLimit: 2, burstLimit: 5 } },
    // Nlets asks for urgent hits within 10 minutes; SIRENE answers within 12 hours
    // (docs/decisions/receipt-deadlines.md). A unit acknowledges a page of 10 per request.
    receipts: {
      throttle: { rateLimit: 10, burstLimit: 20 },
      deadlines: {
        urgent: { firstMinutes: 10, secondMinutes: 60 },
        routine: { firstMinutes: 12 * 60, secondMinutes: 24 * 60 },
      },
      // A few late receipts are the escalations' business; ten in an hour: a unit is not reading.
      overdueAlarmPerHour: 9,
    },
    extraSubscriptions: {},
    unitPrincipals: {},
    auditorPrincipals: [],
    auditRetentionDays: AUDIT_RETENTION_DAYS.default,
    webhookKeyCustodians: [],
    alarmEmail: `order195-hub-alarms+${deployment}@${PLACEHOLDER_MAIL_DOMAIN}`,
    // Only allow-listed upstream networks reach the function: any signature failure is worth a look.
    alarms: { unitQueueAgeHours: 24, signatureFailuresPer5Minutes: 0 },
    // A checkpoint every 5 minutes; writes land within the functions' 15 s timeouts, indexes within a second.
    evidence: { checkpointMinutes: 5, settleSeconds: 120 },
    // A list is kept as long as the notifications it lists (retentionDays); a deployment may keep it shorter.
    lists: {},
    // A unit's analyst reads statistics a few times a day; each request reads hundreds of index partitions.
    stats: { throttle: { rateLimit: 2, burstLimit: 5 } },
    waf: { enabled: true, rateLimitPer5Minutes: 6_000 },
    apiDetailedMetrics: false,
    tableClass: "standard-infrequent-access",
    manageApiGatewayAccountRole: true,
  };
}

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split(".").map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) {
    return undefined;
  }
  return parts.reduce((value, part) => value * 256 + part, 0);
}

/** True when an IPv4 CIDR lies wholly inside one of the RFC 5737 documentation ranges. */
export function isDocumentationCidr(cidr: string): boolean {
  const [address = "", bits = ""] = cidr.split("/");
  const start = ipv4ToNumber(address);
  const prefix = Number(bits);
  if (start === undefined || !Number.isInteger(prefix)) return false;
  return DOCUMENTATION_CIDRS.some((range) => {
    const [rangeAddress = "", rangeBits = ""] = range.split("/");
    const rangeStart = ipv4ToNumber(rangeAddress) ?? -1;
    const rangePrefix = Number(rangeBits);
    const size = 2 ** (32 - rangePrefix);
    return prefix >= rangePrefix && start >= rangeStart && start < rangeStart + size;
  });
}

/** What in a configuration is still an embedded placeholder (synth warns; a real deployment replaces them). */
export function placeholdersIn(config: DeploymentConfig): string[] {
  const found = feedSourceIds
    .filter((source) => config.sources[source].allowedCidrs.every(isDocumentationCidr))
    .map(
      (source) => `sources.${source}.allowedCidrs is a documentation range (RFC 5737): no upstream can call`,
    );
  if (config.alarmEmail.endsWith(`@${PLACEHOLDER_MAIL_DOMAIN}`)) {
    found.push(`alarmEmail is a placeholder on ${PLACEHOLDER_MAIL_DOMAIN}: alarms reach no one`);
  }
  if (config.auditorPrincipals.length === 0) {
    found.push(
      "auditorPrincipals is empty: whoever the deployment account lets assume roles can read the audit log; name the auditors",
    );
  }
  return found;
}
