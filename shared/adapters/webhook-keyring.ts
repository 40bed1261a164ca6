import { getSecret } from "@aws-lambda-powertools/parameters/secrets";
import type { WebhookSecretSource } from "../config.ts";
import type { FeedSourceId } from "../domain/catalogue/index.ts";

/** The active Standard Webhooks keys (`whsec_…`) of each upstream source; several during a rotation. */
export interface WebhookKeyring {
  keysFor(source: FeedSourceId): Promise<readonly string[]>;
}

/** Secrets are cached this long, so a rotation takes effect within a minute without a redeploy. */
const SECRET_MAX_AGE_SECONDS = 60;

/**
 * A source's secret in Secrets Manager is a JSON object whose string values are its active keys,
 * e.g. `{"current":"whsec_…","previous":"whsec_…"}`: rotating means adding a key, then removing the old.
 */
export function keysOfSecret(secret: unknown): string[] {
  if (secret === null || typeof secret !== "object") return [];
  return Object.values(secret).filter(
    (value): value is string => typeof value === "string" && value.length > 0,
  );
}

export function createWebhookKeyring(source: WebhookSecretSource): WebhookKeyring {
  if (source.kind === "inline") {
    return { keysFor: async (feed) => source.keys[feed] ?? [] };
  }
  return {
    async keysFor(feed) {
      const arn = source.arns[feed];
      if (arn === undefined) return [];
      return keysOfSecret(await getSecret(arn, { maxAge: SECRET_MAX_AGE_SECONDS, transform: "json" }));
    },
  };
}
