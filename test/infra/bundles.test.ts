/**
 * The Lambda bundles as Lambda will load them (ESM `index.mjs`, CommonJS dependencies behind the
 * `createRequire` banner): each imports cleanly in a fresh Node process with its configuration and
 * exports `handler`. And the keys Secrets Manager generates for the webhook secrets work as Standard
 * Webhooks keys.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLE_HANDLER, buildFunctionBundles, type FunctionBundles } from "../../infra/bundling.ts";
import { GENERATED_KEY_LENGTH, GENERATED_KEY_NAME } from "../../infra/constructs/webhook-secrets.ts";
import { keysOfSecret } from "../../shared/adapters/webhook-keyring.ts";
import { signWebhook, verifyWebhookSignature } from "../../shared/http/webhook-signature.ts";
import { envNames } from "../../shared/wiring/env.ts";
import { type HubFunctionName, hubFunctionNames } from "../../shared/wiring/functions.ts";
import { SYNTH_TIMEOUT } from "./support/synth.ts";

let bundles: FunctionBundles;

/** Beyond this, a bundle has pulled in something it should not (cold starts grow with the bundle). */
const MAX_BUNDLE_BYTES = 1024 * 1024;

beforeAll(async () => {
  bundles = await buildFunctionBundles();
}, SYNTH_TIMEOUT);

const environments = {
  ingest: {
    [envNames.deployment]: "almaty",
    [envNames.tableName]: "notifications",
    [envNames.retentionDays]: "365",
    [envNames.webhookSecretArns]: JSON.stringify({
      kqp: "arn:aws:secretsmanager:eu-central-1:123456789012:secret:Order195Hub-almaty/webhook/kqp-AbCdEf",
    }),
  },
  publish: {
    [envNames.eventBusName]: "Order195Hub-almaty",
    [envNames.failureQueueUrl]:
      "https://sqs.eu-central-1.amazonaws.com/123456789012/Order195Hub-almaty-stream-failures",
    [envNames.tableName]: "notifications",
  },
  reports: {
    [envNames.deployment]: "almaty",
    [envNames.tableName]: "notifications",
    [envNames.retentionDays]: "365",
    [envNames.reportsPerUnitPerMinute]: "600",
  },
  queries: {
    [envNames.deployment]: "almaty",
    [envNames.tableName]: "notifications",
    [envNames.retentionDays]: "365",
    [envNames.auditTableName]: "audit",
    [envNames.auditRetentionDays]: "1825",
  },
  audit: {
    [envNames.deployment]: "almaty",
    [envNames.retentionDays]: "365",
    [envNames.auditTableName]: "audit",
  },
  checkpoint: {
    [envNames.deployment]: "almaty",
    [envNames.tableName]: "notifications",
    [envNames.evidenceTableName]: "evidence",
    [envNames.evidenceKeyId]:
      "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    [envNames.checkpointIntervalSeconds]: "300",
    [envNames.checkpointSettleSeconds]: "120",
  },
  trace: {
    [envNames.deployment]: "almaty",
    [envNames.tableName]: "notifications",
    [envNames.receiptDeadlines]: JSON.stringify({
      urgent: { first: 600, second: 3600 },
      routine: { first: 43200, second: 86400 },
    }),
  },
  receipts: {
    [envNames.deployment]: "almaty",
    [envNames.tableName]: "notifications",
    [envNames.retentionDays]: "365",
    [envNames.extraSubscriptions]: "{}",
  },
  "receipt-checker": {
    [envNames.deployment]: "almaty",
    [envNames.tableName]: "notifications",
    [envNames.retentionDays]: "365",
    [envNames.extraSubscriptions]: "{}",
    [envNames.receiptDeadlines]: JSON.stringify({
      urgent: { first: 600, second: 3600 },
      routine: { first: 43200, second: 86400 },
    }),
  },
  "monthly-list": {
    [envNames.deployment]: "almaty",
    [envNames.tableName]: "notifications",
    [envNames.retentionDays]: "365",
    [envNames.listsBucket]: "order195hub-almaty-lists",
  },
  stats: {
    [envNames.deployment]: "almaty",
    [envNames.tableName]: "notifications",
    [envNames.extraSubscriptions]: "{}",
  },
} as const satisfies Record<HubFunctionName, Record<string, string>>;

describe("function bundles", () => {
  for (const name of hubFunctionNames) {
    it(`${name}: a minified ESM index.mjs that loads in a fresh Node process and exports the handler`, () => {
      const bundle = bundles[name];
      const file = join(bundle.directory, "index.mjs");
      expect(BUNDLE_HANDLER).toBe("index.handler");
      expect(statSync(file).size).toBe(bundle.bytes);
      expect(readFileSync(file, "utf8").slice(0, 200)).toContain("createRequire");
      const loaded = execFileSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(typeof m.handler);`,
        ],
        {
          env: { PATH: process.env.PATH, AWS_REGION: "eu-central-1", ...environments[name] },
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
        },
      );
      expect(loaded).toBe("function");
      console.log(`${name} bundle: ${(bundle.bytes / 1024).toFixed(0)} KiB`);
      // A guard, not a target: every bundle is 0.6 to 0.9 MiB today (the AWS SDK clients, zod, the catalogue).
      expect(bundle.bytes).toBeLessThan(MAX_BUNDLE_BYTES);
    });
  }
});

describe("generated webhook keys", () => {
  const alphanumeric = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
  const generatedKey = fc
    .array(alphanumeric, { minLength: GENERATED_KEY_LENGTH, maxLength: GENERATED_KEY_LENGTH })
    .map((chars) => chars.join(""));

  it("are placeholders the keyring ignores (no whsec_ prefix), and valid Standard Webhooks keys once prefixed", () => {
    fc.assert(
      fc.property(generatedKey, fc.string({ maxLength: 200 }), (key, body) => {
        expect(keysOfSecret({ [GENERATED_KEY_NAME]: key })).toEqual({
          keys: [],
          ignored: [GENERATED_KEY_NAME],
        });
        const { keys } = keysOfSecret(JSON.parse(JSON.stringify({ [GENERATED_KEY_NAME]: `whsec_${key}` })));
        expect(keys).toEqual([`whsec_${key}`]);
        for (const signingKey of [key, `whsec_${key}`]) {
          const headers = signWebhook(signingKey, body, { id: "msg_1" });
          expect(verifyWebhookSignature(body, headers, keys)).toEqual({ ok: true });
        }
        const other = signWebhook(`${key.startsWith("A") ? "B" : "A"}${key.slice(1)}`, body, { id: "msg_1" });
        expect(verifyWebhookSignature(body, other, keys)).toMatchObject({
          ok: false,
          code: "signature.invalid",
        });
      }),
      { numRuns: 100 },
    );
  });
});
