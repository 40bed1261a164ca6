/**
 * The typed configuration of one deployment (one region's stack), validated once with zod when the
 * CDK app starts. Every key is documented in docs/deploying.md.
 */
import * as z from "zod";
import { feedSourceIds, kindIds, unitIds } from "../../shared/domain/catalogue/index.ts";
import { MAX_REPORTS_PER_REQUEST, RETENTION_DAYS } from "../../shared/wiring/limits.ts";
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

export const deploymentConfigSchema = z.strictObject({
  /** The AWS account; defaults to `CDK_DEFAULT_ACCOUNT` (the CLI's credentials), else left to deploy time. */
  account: accountId.optional(),
  region: awsRegion,
  /** How long personal data is kept: DynamoDB TTL, the event archive, the audit log, PITR window. */
  retentionDays: z.int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max),
  sources: z.record(z.enum(feedSourceIds), feedSourceSchema),
  /** Stage-wide default throttling (every method without its own setting). */
  apiThrottle: throttleSchema,
  reports: reportsSchema,
  /** Kinds routed to more units than the order requires (never fewer: the defaults always stay). */
  extraSubscriptions: z.partialRecord(z.enum(kindIds), z.array(z.enum(unitIds))),
  /** Per unit, who may assume its role; a unit not listed: the deployment account itself. */
  unitPrincipals: z.partialRecord(z.enum(unitIds), z.array(principalSchema).min(1)),
  alarmEmail: z.email(),
  alarms: alarmsSchema,
  /**
   * IAM role ARNs that may read the webhook secrets besides the ingest function (key custodians who
   * hand keys to the upstream teams). Default none: operators can write keys, never read them back.
   */
  webhookKeyCustodians: z.array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/)),
  customDomain: customDomainSchema.optional(),
  waf: wafSchema,
  /**
   * API Gateway execution logging needs the account-wide API Gateway CloudWatch role (one setting per
   * account and region). True: this stack sets it. Set false on all but one stack sharing an account
   * and region, or when the account already has it.
   */
  manageApiGatewayAccountRole: z.boolean(),
});

export type DeploymentConfig = z.infer<typeof deploymentConfigSchema>;
export type FeedSourceConfig = z.infer<typeof feedSourceSchema>;
export type ThrottleConfig = z.infer<typeof throttleSchema>;
export type CustomDomainConfig = z.infer<typeof customDomainSchema>;
export type WafConfig = z.infer<typeof wafSchema>;
export type AlarmsConfig = z.infer<typeof alarmsSchema>;
