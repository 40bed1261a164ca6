/**
 * The functions' configuration: the environment variables (named in `shared/wiring/env.ts`, where the
 * CDK constructs take the names from too), parsed and validated once at cold start. A bad
 * configuration fails the cold start loudly instead of failing requests one by one.
 */
import * as z from "zod/mini";
import {
  type DeploymentId,
  deploymentIds,
  type ExtraSubscriptions,
  type FeedSourceId,
  feedSourceIds,
  kindIds,
  unitIds,
} from "./domain/catalogue/index.ts";
import { deadlinesProblem, type ReceiptDeadlines } from "./domain/receipts/deadlines.ts";
import { envNames } from "./wiring/env.ts";
import { AUDIT_RETENTION_DAYS, MAX_REPORTS_PER_REQUEST, RETENTION_DAYS } from "./wiring/limits.ts";

/** An environment variable holding JSON that must match `schema`. */
const json = <T extends z.core.$ZodType>(schema: T) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((text, ctx) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          ctx.issues.push({ code: "custom", message: "not valid JSON", input: text });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );

const perSource = <T extends z.core.$ZodType>(value: T) => z.partialRecord(z.enum(feedSourceIds), value);

/** Shortest webhook key accepted, in bytes of HMAC key (Standard Webhooks keys are 24 to 64 random bytes). */
export const WEBHOOK_KEY_MIN_BYTES = 24;
/** `whsec_` and canonical, padded base64 (what `openssl rand -base64` and Node's `toString("base64")` print). */
const WEBHOOK_KEY = /^whsec_((?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)$/;

/**
 * A Standard Webhooks key the hub accepts: `whsec_` + base64 of at least
 * {@link WEBHOOK_KEY_MIN_BYTES} bytes. Anything else (a date, a truncated paste, a key in another
 * format) is not a key, however it decodes.
 */
export function isWebhookKey(value: string): boolean {
  const base64 = WEBHOOK_KEY.exec(value)?.[1];
  if (base64 === undefined) return false;
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return (base64.length / 4) * 3 - padding >= WEBHOOK_KEY_MIN_BYTES;
}

/** Where a function stores notifications, for which deployment, for how long. */
const storeEnvShape = {
  [envNames.deployment]: z.enum(deploymentIds),
  [envNames.tableName]: z.string().check(z.minLength(3)),
  [envNames.retentionDays]: z.coerce
    .number()
    .check(z.int(), z.minimum(RETENTION_DAYS.min), z.maximum(RETENTION_DAYS.max)),
};

const ingestEnvSchema = z
  .object({
    ...storeEnvShape,
    [envNames.webhookSecretArns]: z.optional(json(perSource(z.string().check(z.startsWith("arn:"))))),
    [envNames.webhookSecrets]: z.optional(
      json(
        perSource(
          z.array(
            z.string().check(
              z.refine(isWebhookKey, {
                message: `not a whsec_ key of at least ${WEBHOOK_KEY_MIN_BYTES} bytes`,
              }),
            ),
          ),
        ),
      ),
    ),
  })
  .check(
    z.refine(
      (env) =>
        (env[envNames.webhookSecretArns] === undefined) !== (env[envNames.webhookSecrets] === undefined),
      {
        message: `set exactly one of ${envNames.webhookSecretArns} and ${envNames.webhookSecrets}`,
      },
    ),
  );

const reportsEnvSchema = z.object({
  ...storeEnvShape,
  // At least one full request's reports, or a unit could never file a full request.
  [envNames.reportsPerUnitPerMinute]: z.coerce.number().check(z.int(), z.minimum(MAX_REPORTS_PER_REQUEST)),
});

const publishEnvSchema = z.object({
  [envNames.eventBusName]: z.string().check(z.minLength(1)),
  [envNames.failureQueueUrl]: z.url(),
  // Where the function records when it published each notification (its publication marks).
  [envNames.tableName]: z.string().check(z.minLength(3)),
});

export class ConfigurationError extends Error {}

function parseEnv<T extends z.core.$ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = z.safeParse(schema, env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`,
  );
  throw new ConfigurationError(`invalid configuration: ${problems.join("; ")}`);
}

export type WebhookSecretSource =
  | { kind: "secrets-manager"; arns: Partial<Record<FeedSourceId, string>> }
  | { kind: "inline"; keys: Partial<Record<FeedSourceId, string[]>> };

export interface IngestConfig {
  readonly deployment: DeploymentId;
  readonly tableName: string;
  readonly retentionDays: number;
  readonly webhookSecrets: WebhookSecretSource;
}

export function loadIngestConfig(env: NodeJS.ProcessEnv): IngestConfig {
  const parsed = parseEnv(ingestEnvSchema, env);
  const arns = parsed[envNames.webhookSecretArns];
  return {
    deployment: parsed[envNames.deployment],
    tableName: parsed[envNames.tableName],
    retentionDays: parsed[envNames.retentionDays],
    webhookSecrets:
      arns !== undefined
        ? { kind: "secrets-manager", arns }
        : { kind: "inline", keys: parsed[envNames.webhookSecrets] ?? {} },
  };
}

export interface ReportsConfig {
  readonly deployment: DeploymentId;
  readonly tableName: string;
  readonly retentionDays: number;
  readonly reportsPerUnitPerMinute: number;
}

export function loadReportsConfig(env: NodeJS.ProcessEnv): ReportsConfig {
  const parsed = parseEnv(reportsEnvSchema, env);
  return {
    deployment: parsed[envNames.deployment],
    tableName: parsed[envNames.tableName],
    retentionDays: parsed[envNames.retentionDays],
    reportsPerUnitPerMinute: parsed[envNames.reportsPerUnitPerMinute],
  };
}

export interface PublishConfig {
  readonly eventBusName: string;
  readonly failureQueueUrl: string;
  readonly tableName: string;
}

export function loadPublishConfig(env: NodeJS.ProcessEnv): PublishConfig {
  const parsed = parseEnv(publishEnvSchema, env);
  return {
    eventBusName: parsed[envNames.eventBusName],
    failureQueueUrl: parsed[envNames.failureQueueUrl],
    tableName: parsed[envNames.tableName],
  };
}

/** `HUB_EXTRA_SUBSCRIPTIONS`: per kind, the units routed to besides the catalogue's subscribers (JSON; absent: none). */
const extraSubscriptionsEnv = z.optional(json(z.partialRecord(z.enum(kindIds), z.array(z.enum(unitIds)))));

const checkpointEnvSchema = z.object({
  [envNames.deployment]: z.enum(deploymentIds),
  [envNames.tableName]: z.string().check(z.minLength(3)),
  [envNames.evidenceTableName]: z.string().check(z.minLength(3)),
  [envNames.evidenceKeyId]: z.string().check(z.minLength(1)),
  [envNames.checkpointIntervalSeconds]: z.coerce.number().check(z.int(), z.minimum(1)),
  [envNames.checkpointSettleSeconds]: z.coerce.number().check(z.int(), z.minimum(0)),
  [envNames.extraSubscriptions]: extraSubscriptionsEnv,
});

export interface CheckpointConfig {
  readonly deployment: DeploymentId;
  /** The notification table the leaves are read from. */
  readonly tableName: string;
  readonly evidenceTableName: string;
  /** The KMS key that signs the checkpoints. */
  readonly evidenceKeyId: string;
  readonly intervalMs: number;
  readonly settleMs: number;
  readonly extraSubscriptions: ExtraSubscriptions;
}

export function loadCheckpointConfig(env: NodeJS.ProcessEnv): CheckpointConfig {
  const parsed = parseEnv(checkpointEnvSchema, env);
  return {
    deployment: parsed[envNames.deployment],
    tableName: parsed[envNames.tableName],
    evidenceTableName: parsed[envNames.evidenceTableName],
    evidenceKeyId: parsed[envNames.evidenceKeyId],
    intervalMs: parsed[envNames.checkpointIntervalSeconds] * 1000,
    settleMs: parsed[envNames.checkpointSettleSeconds] * 1000,
    extraSubscriptions: parsed[envNames.extraSubscriptions] ?? {},
  };
}

/** A function that reads the table and needs the deployment's routing (its extra subscriptions included). */
const routingReaderEnvSchema = z.object({
  [envNames.deployment]: z.enum(deploymentIds),
  [envNames.tableName]: z.string().check(z.minLength(3)),
  [envNames.extraSubscriptions]: extraSubscriptionsEnv,
});

/** The receipts and stats functions: who a kind is routed to decides who may acknowledge it, and deliveries per unit. */
export interface RoutingReaderConfig {
  readonly deployment: DeploymentId;
  readonly tableName: string;
  readonly extraSubscriptions: ExtraSubscriptions;
}

export function loadRoutingReaderConfig(env: NodeJS.ProcessEnv): RoutingReaderConfig {
  const parsed = parseEnv(routingReaderEnvSchema, env);
  return {
    deployment: parsed[envNames.deployment],
    tableName: parsed[envNames.tableName],
    extraSubscriptions: parsed[envNames.extraSubscriptions] ?? {},
  };
}

const deadlineSecondsSchema = z.object({
  first: z.number().check(z.int(), z.minimum(1)),
  second: z.number().check(z.int(), z.minimum(1)),
});

const receiptCheckerEnvSchema = z.object({
  ...storeEnvShape,
  [envNames.extraSubscriptions]: extraSubscriptionsEnv,
  [envNames.receiptDeadlines]: json(
    z.object({ urgent: deadlineSecondsSchema, routine: deadlineSecondsSchema }).check(
      z.refine((deadlines) => deadlinesProblem(deadlines) === undefined, {
        message: "each class's second deadline must come after its first",
      }),
    ),
  ),
});

export interface ReceiptCheckerConfig {
  readonly deployment: DeploymentId;
  readonly tableName: string;
  /** Escalations are stored as notifications: kept as long as any. */
  readonly retentionDays: number;
  readonly extraSubscriptions: ExtraSubscriptions;
  readonly deadlines: ReceiptDeadlines;
}

export function loadReceiptCheckerConfig(env: NodeJS.ProcessEnv): ReceiptCheckerConfig {
  const parsed = parseEnv(receiptCheckerEnvSchema, env);
  return {
    deployment: parsed[envNames.deployment],
    tableName: parsed[envNames.tableName],
    retentionDays: parsed[envNames.retentionDays],
    extraSubscriptions: parsed[envNames.extraSubscriptions] ?? {},
    deadlines: parsed[envNames.receiptDeadlines],
  };
}

const monthlyListEnvSchema = z.object({
  ...storeEnvShape,
  [envNames.listsBucket]: z.string().check(z.minLength(3)),
});

export interface MonthlyListConfig {
  readonly deployment: DeploymentId;
  readonly tableName: string;
  /** The list's notification is stored like any: kept as long as any. */
  readonly retentionDays: number;
  readonly listsBucket: string;
}

export function loadMonthlyListConfig(env: NodeJS.ProcessEnv): MonthlyListConfig {
  const parsed = parseEnv(monthlyListEnvSchema, env);
  return {
    deployment: parsed[envNames.deployment],
    tableName: parsed[envNames.tableName],
    retentionDays: parsed[envNames.retentionDays],
    listsBucket: parsed[envNames.listsBucket],
  };
}

const traceEnvSchema = z.object({
  [envNames.deployment]: z.enum(deploymentIds),
  [envNames.tableName]: z.string().check(z.minLength(3)),
  [envNames.extraSubscriptions]: extraSubscriptionsEnv,
  [envNames.receiptDeadlines]: receiptCheckerEnvSchema.shape[envNames.receiptDeadlines],
});

export interface TraceConfig {
  readonly deployment: DeploymentId;
  readonly tableName: string;
  readonly extraSubscriptions: ExtraSubscriptions;
  /** The receipt deadlines, to say what is overdue (the checker's own). */
  readonly deadlines: ReceiptDeadlines;
}

export function loadTraceConfig(env: NodeJS.ProcessEnv): TraceConfig {
  const parsed = parseEnv(traceEnvSchema, env);
  return {
    deployment: parsed[envNames.deployment],
    tableName: parsed[envNames.tableName],
    extraSubscriptions: parsed[envNames.extraSubscriptions] ?? {},
    deadlines: parsed[envNames.receiptDeadlines],
  };
}

const auditTableEnvShape = {
  [envNames.deployment]: z.enum(deploymentIds),
  [envNames.auditTableName]: z.string().check(z.minLength(3)),
};

const queriesEnvSchema = z.object({
  ...auditTableEnvShape,
  [envNames.tableName]: z.string().check(z.minLength(3)),
  [envNames.auditRetentionDays]: z.coerce
    .number()
    .check(z.int(), z.minimum(AUDIT_RETENTION_DAYS.min), z.maximum(AUDIT_RETENTION_DAYS.max)),
});

export interface QueriesConfig {
  readonly deployment: DeploymentId;
  /** The notification table the queries read. */
  readonly tableName: string;
  /** The audit table every query is recorded in, and how long a record is kept. */
  readonly auditTableName: string;
  readonly auditRetentionDays: number;
}

export function loadQueriesConfig(env: NodeJS.ProcessEnv): QueriesConfig {
  const parsed = parseEnv(queriesEnvSchema, env);
  return {
    deployment: parsed[envNames.deployment],
    tableName: parsed[envNames.tableName],
    auditTableName: parsed[envNames.auditTableName],
    auditRetentionDays: parsed[envNames.auditRetentionDays],
  };
}

const auditEnvSchema = z.object(auditTableEnvShape);

export interface AuditConfig {
  readonly deployment: DeploymentId;
  readonly auditTableName: string;
}

export function loadAuditConfig(env: NodeJS.ProcessEnv): AuditConfig {
  const parsed = parseEnv(auditEnvSchema, env);
  return { deployment: parsed[envNames.deployment], auditTableName: parsed[envNames.auditTableName] };
}
