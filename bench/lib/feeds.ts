/**
 * Feed request bodies for the benchmarks, built from the test fixtures (one example record per feed
 * kind): records cycle through the kinds of a source, each with its own recordId, and are signed
 * with the Standard Webhooks reference library exactly as an upstream system signs them.
 */
import { randomBytes } from "node:crypto";
import { type FeedKindId, type FeedSourceId, feedSourceIds } from "../../shared/domain/catalogue/index.ts";
import { signWebhook } from "../../shared/http/webhook-signature.ts";
import { type FeedFixture, feedFixtures } from "../../test/support/fixtures.ts";

export const benchSources: readonly FeedSourceId[] = feedSourceIds;

export interface BenchBody {
  readonly source: FeedSourceId;
  /** The raw JSON body, as sent and signed. */
  readonly body: string;
  readonly records: ReadonlyArray<{ readonly recordId: string; readonly kind: FeedKindId }>;
}

export function fixturesOf(source: FeedSourceId): readonly FeedFixture[] {
  const found = feedFixtures.filter((fixture) => fixture.source === source);
  if (found.length === 0) throw new Error(`no feed fixtures for ${source}`);
  return found;
}

/**
 * A request body of `count` records of one source. Record i is the example record of kind
 * `(offset + i) mod kinds`, with recordId `<idPrefix>-<i>` (unique as long as the prefix is).
 */
export function feedBody(source: FeedSourceId, count: number, idPrefix: string, offset = 0): BenchBody {
  const fixtures = fixturesOf(source);
  const records: Array<Record<string, unknown>> = [];
  const ids: Array<{ recordId: string; kind: FeedKindId }> = [];
  for (let i = 0; i < count; i++) {
    const fixture = fixtures[(offset + i) % fixtures.length];
    const example = fixture?.body.records[0];
    if (fixture === undefined || example === undefined) throw new Error(`empty fixture for ${source}`);
    const recordId = `${idPrefix}-${i}`;
    records.push({ ...example, recordId });
    ids.push({ recordId, kind: fixture.kind });
  }
  return { source, body: JSON.stringify({ contractVersion: "1", records }), records: ids };
}

/** A Standard Webhooks key: `whsec_` + base64 of 32 random bytes. */
export function newWebhookKey(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** The raw HMAC key bytes of a `whsec_…` key (what the reference library decodes it to). */
export function keyBytes(key: string): Buffer {
  return Buffer.from(key.replace(/^whsec_/, ""), "base64");
}

/** The headers an upstream sends with a body: JSON content type and the three signature headers. */
export function signedHeaders(key: string, body: string, messageId: string): Record<string, string> {
  return { "content-type": "application/json", ...signWebhook(key, body, { id: messageId }) };
}
