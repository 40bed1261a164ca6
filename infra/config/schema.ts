/**
 * The typed configuration of one deployment (one region's stack), validated once with zod when the
 * CDK app starts. Every key is documented in docs/deploying.md.
 */
import * as z from "zod";
import { feedSourceIds, kindIds, unitIds } from "../../shared/domain/catalogue/index.ts";
import { AUDIT_RETENTION_DAYS, MAX_REPORTS_PER_REQUEST, RETENTION_DAYS } from "../../shared/wiring/limits.ts";
import { QUEUE_RETENTION } from "../constructs/queues.ts";

const accountId = z.string().regex(/^\d{12}$/, "an AWS account id is 12 digits");

const awsRegion = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, "an AWS region, e.g. eu-central-1");

const cidr = z.union([z.cidrv4(), z.cidrv6()], { error: "an IPv4 or IPv6 CIDR block, e.g. 192.0.2.0/24" });

/** API Gateway throttling: steady requests per second and the burst bucket. */
export const throttleSchema = z.strictObject({
  rateLimit: z.number().positive().max(10_000),
  burstLimit: z.int().positive().max(5_000),
});

const feedSourceSchema = z.strictObject({
  /** Who may call this source's path at all (API Gateway resource policy, `aws:SourceIp`). Required. */
  allowedCidrs: z.array(cidr).min(1, "at least one CIDR: the API admits no one by default"),
  /** Method throttling of `POST /v1/feeds/<source>`. */
  throttle: throttleSchema,
});

/** `POST /v1/reports`: the units' own reports, signed by their roles. */
const reportsSchema = z.strictObject({
  /** Method throttling of `POST /v1/reports`: every unit's requests together. */
  throttle: throttleSchema,
  /**
   * Reports one unit may file per minute, counted by the reports function on the unit IAM
   * authenticated (docs/decisions/per-unit-throttling.md). At least one full request's worth.
   */
  reportsPerUnitPerMinute: z.int().min(MAX_REPORTS_PER_REQUEST).max(1_000_000),
});

/** The units' queries (`GET /v1/persons`, `/v1/stay-legality`, `/v1/inviters`). */
const queriesSchema = z.strictObject({
  /** Method throttling of each query route: every unit of the deployment together. */
  throttle: throttleSchema,
});

/** The auditor's `GET /v1/audit`. */
const auditSchema = z.strictObject({
  /** Method throttling of `GET /v1/audit`. */
  throttle: throttleSchema,
});

/** Who may assume a unit's role: an account id (its root, i.e. what that account's IAM allows) or an IAM ARN. */
const principalSchema = z.union([
  accountId,
  z
    .string()
    .regex(
      /^arn:aws[a-z-]*:iam::\d{12}:(root|role\/[\w+=,.@/-]{1,512}|user\/[\w+=,.@/-]{1,512})$/,
      "an IAM role, user or root ARN",
    ),
]);

const customDomainSchema = z.strictObject({
  /** e.g. `hub.almaty.police.example.kz`; DNS is managed outside this stack (point it at the output). */
  domainName: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a lower-case DNS name"),
  /** An ACM certificate for `domainName` in the deployment's region. */
  certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/),
  /** The PEM bundle of CA certificates that sign the upstream systems' client certificates. */
  truststoreUri: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/, "s3://bucket/key.pem"),
  /** The S3 object version of the truststore (needed to roll a new truststore out deliberately). */
  truststoreVersion: z.string().min(1).optional(),
});

const wafSchema = z
  .strictObject({
    enabled: z.boolean(),
    /** Requests per client IP per 5 minutes before the rate-based rule blocks it. */
    rateLimitPer5Minutes: z.int().min(100).max(2_000_000_000),
    /** Turning the firewall off needs a recorded reason (it becomes the cdk-nag acknowledgement). */
    disabledReason: z.string().min(20, "say why the web ACL is off (at least 20 characters)").optional(),
  })
  .refine((waf) => waf.enabled || waf.disabledReason !== undefined, {
    message: "waf.enabled false needs waf.disabledReason",
    path: ["disabledReason"],
  });

/** Alarm thresholds that depend on how a deployment is run. */
const alarmsSchema = z.strictObject({
  /**
   * A unit queue whose oldest message is older than this many hours: the unit is not reading. SQS
   * deletes a message after 14 days, so the alarm must fire at least a day before that.
   */
  unitQueueAgeHours: z
    .int()
    .min(1)
    .max(QUEUE_RETENTION.toHours() - 24, "at least a day before SQS deletes the message (14 days)"),
  /** Signature failures of one source in 5 minutes that the alarm tolerates; 0: the first one alarms. */
  signatureFailuresPer5Minutes: z.int().min(0),
});

/** The evidence log (docs/decisions/evidence-log.md): how often a checkpoint closes a period, and how late. */
const evidenceSchema = z.strictObject({
  /** Length of a checkpoint's period, and the schedule of the checkpoint function. */
  checkpointMinutes: z.int().min(1).max(60),
  /**
   * How long after a period ends it is closed: longer than any write's lag behind its timestamp (the
   * functions' timeouts, the index's replication), or a late write reads as added after its checkpoint.
   */
  settleSeconds: z.int().min(30).max(3600),
});

/** A receipt class's deadlines, in minutes after the hub received the notification. */
const deadlineMinutesSchema = z
  .strictObject({
    /** Missed: escalated to the region's duty unit and imc (`receipt.overdue`). */
    firstMinutes: z
      .int()
      .min(1)
      .max(7 * 24 * 60),
    /** Missed: escalated to kpd (`receipt.escalated`). */
    secondMinutes: z
      .int()
      .min(2)
      .max(14 * 24 * 60),
  })
  .refine((deadlines) => deadlines.secondMinutes > deadlines.firstMinutes, {
    message: "the second deadline must come after the first",
    path: ["secondMinutes"],
  });

/** Acknowledgements (`POST /v1/receipts`) and their deadlines (docs/decisions/receipt-deadlines.md). */
const receiptsSchema = z.strictObject({
  /** Method throttling of `POST /v1/receipts`: every unit of the deployment together. */
  throttle: throttleSchema,
  /** Per receipt class of the catalogue (`urgent`, `routine`): the order sets none, these are the hub's. */
  deadlines: z.strictObject({ urgent: deadlineMinutesSchema, routine: deadlineMinutesSchema }),
  /** Receipts of one unit newly overdue in an hour that the alarm tolerates; 0: the first one alarms. */
  overdueAlarmPerHour: z.int().min(0),
});

/** The monthly lists of art. 11.7 (docs/decisions/monthly-lists.md). */
const listsSchema = z.strictObject({
  /**
   * Days a list's files are kept in the bucket (S3 lifecycle expiry); absent: `retentionDays`. At most
   * `retentionDays`: a list holds the personal data of the notifications it is built from, and must
   * not outlive them.
   */
  expiryDays: z.int().min(1).max(RETENTION_DAYS.max).optional(),
});

/** The exchange's statistics (`GET /v1/stats`). */
const statsSchema = z.strictObject({
  /** Method throttling of `GET /v1/stats`: a request reads a few hundred index partitions. */
  throttle: throttleSchema,
});

export const deploymentConfigSchema = z
  .strictObject({
    /** The AWS account; defaults to `CDK_DEFAULT_ACCOUNT` (the CLI's credentials), else left to deploy time. */
    account: accountId.optional(),
    region: awsRegion,
    /** How long personal data is kept: DynamoDB TTL, the event archive, the audit log, PITR window. */
    retentionDays: z.int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max),
    sources: z.record(z.enum(feedSourceIds), feedSourceSchema),
    /** Stage-wide default throttling (every method without its own setting). */
    apiThrottle: throttleSchema,
    reports: reportsSchema,
    queries: queriesSchema,
    audit: auditSchema,
    receipts: receiptsSchema,
    /** Kinds routed to more units than the order requires (never fewer: the defaults always stay). */
    extraSubscriptions: z.partialRecord(z.enum(kindIds), z.array(z.enum(unitIds))),
    /** Per unit, who may assume its role; a unit not listed: the deployment account itself. */
    unitPrincipals: z.partialRecord(z.enum(unitIds), z.array(principalSchema).min(1)),
    /**
     * Who may assume the auditor role (`GET /v1/audit` only). Empty: the deployment account, a
     * placeholder that synth warns about (an auditor is named, not whoever the account lets in).
     */
    auditorPrincipals: z.array(principalSchema),
    /**
     * How long audit records are kept (the audit table's TTL). At least `retentionDays`: who read a
     * notification stays answerable after the notification itself has expired.
     */
    auditRetentionDays: z.int().min(AUDIT_RETENTION_DAYS.min).max(AUDIT_RETENTION_DAYS.max),
    alarmEmail: z.email(),
    alarms: alarmsSchema,
    evidence: evidenceSchema,
    lists: listsSchema,
    stats: statsSchema,
    /**
     * IAM role ARNs that may read the webhook secrets besides the ingest function (key custodians who
     * hand keys to the upstream teams). Default none: operators can write keys, never read them back.
     */
    webhookKeyCustodians: z.array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/)),
    customDomain: customDomainSchema.optional(),
    waf: wafSchema,
    /**
     * API Gateway detailed (per-method) CloudWatch metrics: 5 custom metrics per method, billed
     * ($19.50 a month for 13 methods). The alarms and the dashboard read the free API-level metrics;
     * turn on to investigate one route.
     */
    apiDetailedMetrics: z.boolean(),
    /**
     * The notification table's class: `standard-infrequent-access` stores for ≈60 % less and reads and
     * writes for ≈25 % more, and pays while storage is over half the table's request cost
     * (`npm run cost`; docs/decisions/performance.md).
     */
    tableClass: z.enum(["standard", "standard-infrequent-access"]),
    /**
     * API Gateway execution logging needs the account-wide API Gateway CloudWatch role (one setting per
     * account and region). True: this stack sets it. Set false on all but one stack sharing an account
     * and region, or when the account already has it.
     */
    manageApiGatewayAccountRole: z.boolean(),
  })
  .refine((config) => config.auditRetentionDays >= config.retentionDays, {
    message: "auditRetentionDays must be at least retentionDays: audit records outlive the data they name",
    path: ["auditRetentionDays"],
  })
  .refine((config) => (config.lists.expiryDays ?? config.retentionDays) <= config.retentionDays, {
    message: "lists.expiryDays must be at most retentionDays: a list must not outlive the data it lists",
    path: ["lists", "expiryDays"],
  });

export type DeploymentConfig = z.infer<typeof deploymentConfigSchema>;
export type FeedSourceConfig = z.infer<typeof feedSourceSchema>;
export type ThrottleConfig = z.infer<typeof throttleSchema>;
export type CustomDomainConfig = z.infer<typeof customDomainSchema>;
export type WafConfig = z.infer<typeof wafSchema>;
export type AlarmsConfig = z.infer<typeof alarmsSchema>;
export type EvidenceConfig = z.infer<typeof evidenceSchema>;
export type ListsConfig = z.infer<typeof listsSchema>;
export type ReceiptsConfig = z.infer<typeof receiptsSchema>;
