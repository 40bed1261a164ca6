/**
 * Resolving the configuration of the selected deployments, once, at app start:
 * embedded defaults ← overrides `all` ← overrides `deployments.<id>`, then zod validation.
 *
 * Overrides come from the CDK context key `hubConfig`: either a path to a JSON file
 * (`npx cdk synth -c hubConfig=deploy/hub.json`) or the overrides object itself (e.g. in cdk.json's
 * `context`). Objects merge key by key; arrays and scalars replace. See docs/deploying.md.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as z from "zod";
import { type DeploymentId, deploymentIds, isDeploymentId } from "../../shared/domain/catalogue/index.ts";
import { defaultDeploymentConfig } from "./defaults.ts";
import { type DeploymentConfig, deploymentConfigSchema } from "./schema.ts";

export const CONFIG_CONTEXT_KEY = "hubConfig";
export const DEPLOYMENTS_CONTEXT_KEY = "deployments";

export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

const objectSchema = z.record(z.string(), z.unknown());

export const configOverridesSchema = z.strictObject({
  /** Applied to every deployment first. */
  all: objectSchema.optional(),
  /** Per deployment id. */
  deployments: z.record(z.string(), objectSchema).optional(),
});
export type ConfigOverrides = z.infer<typeof configOverridesSchema>;

const validIds = () => deploymentIds.join(", ");

/**
 * The deployments to synthesize: the `deployments` context (`-c deployments=almaty,transport`), or all.
 * An unknown name fails with the list of valid ones.
 */
export function selectDeployments(contextValue: unknown): DeploymentId[] {
  if (contextValue === undefined || contextValue === "" || contextValue === "all") return [...deploymentIds];
  const names = (Array.isArray(contextValue) ? contextValue.map(String) : String(contextValue).split(","))
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const unknown = names.filter((name) => !isDeploymentId(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new ConfigurationError(
      `unknown deployment(s): ${unknown.join(", ") || "(none given)"}. Valid deployments: ${validIds()}`,
    );
  }
  return [...new Set(names.filter(isDeploymentId))];
}

/** The overrides named by the `hubConfig` context: a JSON file path, an inline object, or nothing. */
export function readConfigOverrides(contextValue: unknown, cwd = process.cwd()): ConfigOverrides {
  if (contextValue === undefined) return {};
  let raw: unknown = contextValue;
  let origin = `context ${CONFIG_CONTEXT_KEY}`;
  if (typeof contextValue === "string") {
    const path = resolve(cwd, contextValue);
    origin = path;
    try {
      raw = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new ConfigurationError(`cannot read the configuration file ${path}: ${(error as Error).message}`);
    }
  }
  const parsed = configOverridesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigurationError(
      `invalid configuration overrides in ${origin}:\n${z.prettifyError(parsed.error)}`,
    );
  }
  const unknown = Object.keys(parsed.data.deployments ?? {}).filter((id) => !isDeploymentId(id));
  if (unknown.length > 0) {
    throw new ConfigurationError(
      `configuration overrides in ${origin} name unknown deployment(s): ${unknown.join(", ")}. Valid deployments: ${validIds()}`,
    );
  }
  return parsed.data;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Objects merge key by key; anything else (arrays included) replaces. `undefined` leaves the base. */
export function mergeOverrides(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = mergeOverrides(base[key], value);
  return merged;
}

export interface ResolveOptions {
  /** Fallback account when a deployment names none (the CLI sets `CDK_DEFAULT_ACCOUNT`). */
  readonly defaultAccount?: string | undefined;
}

/** Every selected deployment's configuration, validated; all problems of all deployments in one error. */
export function resolveDeploymentConfigs(
  ids: readonly DeploymentId[],
  overrides: ConfigOverrides = {},
  options: ResolveOptions = {},
): Map<DeploymentId, DeploymentConfig> {
  const configs = new Map<DeploymentId, DeploymentConfig>();
  const problems: string[] = [];
  for (const id of ids) {
    const merged = mergeOverrides(
      mergeOverrides(defaultDeploymentConfig(id, options.defaultAccount), overrides.all),
      overrides.deployments?.[id],
    );
    const parsed = deploymentConfigSchema.safeParse(merged);
    if (parsed.success) configs.set(id, parsed.data);
    else problems.push(`${id}:\n${z.prettifyError(parsed.error)}`);
  }
  if (problems.length > 0) {
    throw new ConfigurationError(`invalid deployment configuration:\n${problems.join("\n")}`);
  }
  return configs;
}
