/**
 * The functions' configuration: environment variables named once here (the CDK constructs set them
 * by these names), parsed and validated once at cold start. A bad configuration fails the cold
 * start loudly instead of failing requests one by one.
 */
import * as z from "zod/mini";
import {
  type DeploymentId,
  deploymentIds,
  type FeedSourceId,
  feedSourceIds,
} from "./domain/catalogue/index.ts";

export const envNames = {
  deployment: "HUB_DEPLOYMENT",
  tableName: "HUB_TABLE_NAME",
  retentionDays: "HUB_RETENTION_DAYS",
  /** JSON: per source, the ARN of its Secrets Manager secret. */
  webhookSecretArns: "HUB_WEBHOOK_SECRET_ARNS",
  /** JSON: per source, the active `whsec_…` keys (local runs and tests only). */
  webhookSecrets: "HUB_WEBHOOK_SECRETS",
  eventBusName: "HUB_EVENT_BUS_NAME",
} as const;

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

const ingestEnvSchema = z
  .object({
    [envNames.deployment]: z.enum(deploymentIds),
    [envNames.tableName]: z.string().check(z.minLength(3)),
    [envNames.retentionDays]: z.coerce.number().check(z.int(), z.minimum(1), z.maximum(3650)),
    [envNames.webhookSecretArns]: z.optional(json(perSource(z.string().check(z.startsWith("arn:"))))),
    [envNames.webhookSecrets]: z.optional(json(perSource(z.array(z.string().check(z.minLength(8)))))),
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

const publishEnvSchema = z.object({
  [envNames.eventBusName]: z.string().check(z.minLength(1)),
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

export interface PublishConfig {
  readonly eventBusName: string;
}

export function loadPublishConfig(env: NodeJS.ProcessEnv): PublishConfig {
  return { eventBusName: parseEnv(publishEnvSchema, env)[envNames.eventBusName] };
}
