import { getSecret } from "@aws-lambda-powertools/parameters/secrets";
import { isWebhookKey, type WebhookSecretSource } from "../config.ts";
import type { FeedSourceId } from "../domain/catalogue/index.ts";

/** The active Standard Webhooks keys (`whsec_…`) of each upstream source; several during a rotation. */
export interface WebhookKeyring {
  keysFor(source: FeedSourceId): Promise<readonly string[]>;
}

/** Secrets are cached this long, so a rotation takes effect within a minute without a redeploy. */
const SECRET_MAX_AGE_SECONDS = 60;

/** The names a source's secret holds its keys under: `current`, and `next` while a rotation is under way. */
export const WEBHOOK_KEY_NAMES = ["current", "next"] as const;

const KEY_NAMES: ReadonlySet<string> = new Set(WEBHOOK_KEY_NAMES);

/**
 * A name safe to log: a short identifier (`rotatedAt`, `previous`). Anything longer or freer is
 * named by its position instead, so a key pasted as a name, or personal data, never reaches a log:
 * a key is at least 32 base64 characters.
 */
const LOGGABLE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,23}$/;
const loggableName = (name: string, index: number): string =>
  LOGGABLE_NAME.test(name) ? name : `entry ${index + 1}`;

/** What a secret yields: its usable keys, and the entries it holds that are not one (names only). */
export interface SecretKeys {
  readonly keys: string[];
  readonly ignored: string[];
}

/**
 * A source's secret in Secrets Manager is a JSON object holding its active keys under
 * {@link WEBHOOK_KEY_NAMES}, e.g. `{"current":"whsec_…","next":"whsec_…"}`: rotating means adding
 * `next`, then keeping only the new key. A key is `whsec_` + base64 of at least 24 bytes
 * ({@link isWebhookKey}); any other entry (`{"rotatedAt":"2025"}`) is ignored, never used as a key.
 */
export function keysOfSecret(secret: unknown): SecretKeys {
  if (secret === null || typeof secret !== "object" || Array.isArray(secret)) {
    return { keys: [], ignored: ["(secret is not a JSON object)"] };
  }
  const keys: string[] = [];
  const ignored: string[] = [];
  Object.entries(secret).forEach(([name, value], index) => {
    if (KEY_NAMES.has(name) && typeof value === "string" && isWebhookKey(value)) keys.push(value);
    else ignored.push(loggableName(name, index));
  });
  return { keys, ignored };
}

/** Inline keys (local runs and tests) follow the same rule; having no names, they are named by position. */
function keysOfList(list: readonly string[]): SecretKeys {
  const keys: string[] = [];
  const ignored: string[] = [];
  list.forEach((value, index) => {
    if (isWebhookKey(value)) keys.push(value);
    else ignored.push(`entry ${index + 1}`);
  });
  return { keys, ignored };
}

export interface WebhookKeyringOptions {
  /** Called on every read of a source's keys that ignored entries (names only, never values). */
  onIgnoredKeys?(source: FeedSourceId, names: readonly string[]): void;
}

export function createWebhookKeyring(
  source: WebhookSecretSource,
  options: WebhookKeyringOptions = {},
): WebhookKeyring {
  const usable = (feed: FeedSourceId, { keys, ignored }: SecretKeys): readonly string[] => {
    if (ignored.length > 0) options.onIgnoredKeys?.(feed, ignored);
    return keys;
  };
  if (source.kind === "inline") {
    return { keysFor: async (feed) => usable(feed, keysOfList(source.keys[feed] ?? [])) };
  }
  return {
    async keysFor(feed) {
      const arn = source.arns[feed];
      if (arn === undefined) return [];
      const secret = await getSecret(arn, { maxAge: SECRET_MAX_AGE_SECONDS, transform: "json" });
      return usable(feed, keysOfSecret(secret));
    },
  };
}
