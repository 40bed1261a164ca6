import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Writable } from "node:stream";
import type { LocalHubConnection } from "../../local/connection-file.ts";
import { localSessionToken } from "../../local/unit-roles.ts";
import {
  deployments,
  feedKindIds,
  feedOf,
  filingUnitOf,
  type KindId,
  orderKindIds,
  subscribersOf,
  type UnitId,
  unitIds,
  unitReportKindIds,
} from "../../shared/domain/catalogue/index.ts";
import { defineCommand } from "../command.ts";
import { postFeed } from "../feed-client.ts";
import { localSqsClient, requireLocalHub } from "../hub-config.ts";
import { printable } from "../printable.ts";
import { deletePage, receive } from "../queue-client.ts";
import { postReports } from "../reports-client.ts";
import { renderTable } from "../table.ts";

const DEMO_TIMEOUT_MS = 30_000;
/** The officer the demo files the units' reports as (the role session name). */
const DEMO_OFFICER = "hub-demo";

/**
 * A sample shipped for users to try, with `idField` of each item made fresh, so that a second demo
 * files new ones, and placed in `region`, the running deployment's, so that this hub accepts it.
 */
function freshSample(
  path: string,
  items: "records" | "reports",
  idField: "recordId" | "reportId",
  region: string | null,
): string {
  const body = JSON.parse(readFileSync(new URL(`../../samples/${path}`, import.meta.url), "utf8")) as Record<
    string,
    Record<string, unknown>[]
  >;
  const run = randomUUID().slice(0, 8);
  return JSON.stringify({
    ...body,
    [items]: (body[items] ?? []).map((item) => ({
      ...item,
      [idField]: `${String(item[idField])}-demo-${run}`,
      ...(region === null ? {} : { region }),
    })),
  });
}

/** The region of the running deployment; `null` for one that is not geographic (transport police). */
function regionOf(local: LocalHubConnection): string | null {
  return deployments[local.deployment].isoCode;
}

/** What the demo filed: the kind of each notification the hub accepted, and the kinds it refused. */
interface Filed {
  readonly kindOf: Map<string, KindId>;
  readonly refused: KindId[];
}

async function fileFeedSamples(local: LocalHubConnection, filed: Filed, out: Writable) {
  for (const kind of feedKindIds) {
    const source = feedOf(kind);
    const key = source === undefined ? undefined : local.secrets[source];
    if (source === undefined || key === undefined) continue;
    const response = await postFeed(
      local.apiUrl,
      key,
      source,
      freshSample(`feeds/${source}/${kind}.json`, "records", "recordId", regionOf(local)),
    );
    if (response.accepted === undefined) {
      out.write(`${kind}: ${response.status} ${printable(JSON.stringify(response.body))}\n`);
      filed.refused.push(kind);
    } else for (const r of response.accepted.results) filed.kindOf.set(r.notificationId, kind);
  }
}

/** Each unit's reports, signed with its role's credentials as an officer of the unit files them. */
async function fileReportSamples(local: LocalHubConnection, filed: Filed, out: Writable) {
  for (const kind of unitReportKindIds) {
    const unit = filingUnitOf(kind);
    const credentials = unit === undefined ? undefined : local.credentials[unit];
    if (credentials === undefined) {
      out.write(`${kind}: the ${local.deployment} hub has no role for its unit\n`);
      filed.refused.push(kind);
      continue;
    }
    const response = await postReports(
      {
        apiUrl: local.apiUrl,
        region: local.region,
        credentials: { ...credentials, sessionToken: localSessionToken(DEMO_OFFICER) },
      },
      freshSample(`reports/${kind}.json`, "reports", "reportId", regionOf(local)),
    );
    if (response.accepted === undefined) {
      out.write(`${kind}: ${response.status} ${printable(JSON.stringify(response.body))}\n`);
      filed.refused.push(kind);
    } else for (const r of response.accepted.results) filed.kindOf.set(r.notificationId, kind);
  }
}

/** The units of the deployment that should receive `kind`. */
function expectedUnits(local: LocalHubConnection, kind: KindId): UnitId[] {
  return subscribersOf(kind).filter((unit) => local.queues[unit] !== undefined);
}

/** Reads the unit queues until every filed notification reached its units, or the time is up. */
async function collectLandings(local: LocalHubConnection, filed: Filed): Promise<Map<KindId, Set<UnitId>>> {
  const landed = new Map<KindId, Set<UnitId>>(orderKindIds.map((kind) => [kind, new Set<UnitId>()]));
  const sentKinds = new Set(filed.kindOf.values());
  const complete = () =>
    [...sentKinds].every((kind) => expectedUnits(local, kind).every((unit) => landed.get(kind)?.has(unit)));
  const sqs = localSqsClient(local);
  const deadline = Date.now() + DEMO_TIMEOUT_MS;
  try {
    while (!complete() && Date.now() < deadline) {
      // One short long-poll per queue, all queues at once.
      await Promise.all(
        unitIds.map(async (unit) => {
          const url = local.queues[unit]?.url;
          if (url === undefined) return;
          const ours = (await receive(sqs, url, 1)).filter(({ notification }) => {
            const kind = filed.kindOf.get(notification.id);
            if (kind === undefined) return false; // someone else's message: leave it for them
            landed.get(kind)?.add(unit);
            return true;
          });
          // One left undeleted comes back and is counted again: harmless here.
          await deletePage(
            sqs,
            url,
            ours.map(({ message }) => message),
          );
        }),
      );
    }
  } finally {
    sqs.destroy();
  }
  return landed;
}

export const demoCommand = defineCommand({
  name: "demo",
  options: {},
  summary:
    "File one sample of every kind, from the feeds and from the units, to the local hub and show which unit queues each reached",
  usage: "hub demo",
  async run({ out }) {
    const local = requireLocalHub();
    const filed: Filed = { kindOf: new Map(), refused: [] };
    await fileFeedSamples(local, filed, out);
    await fileReportSamples(local, filed, out);
    out.write(
      `filed ${filed.kindOf.size} notifications (${orderKindIds.length} kinds: ${feedKindIds.length} from feeds, ` +
        `${unitReportKindIds.length} from units); reading them back from the unit queues…\n`,
    );
    const landed = await collectLandings(local, filed);

    const columns = unitIds.filter((unit) => local.queues[unit] !== undefined);
    let mismatches = 0;
    const rows = orderKindIds.map((kind) => {
      const want = new Set(expectedUnits(local, kind));
      const from = feedOf(kind) ?? `unit ${filingUnitOf(kind)}`;
      return [
        kind,
        from,
        ...columns.map((unit) => {
          const got = landed.get(kind)?.has(unit) ?? false;
          if (got !== want.has(unit)) mismatches += 1;
          return got ? (want.has(unit) ? "●" : "✗ extra") : want.has(unit) ? "✗ missing" : "";
        }),
      ];
    });
    out.write(renderTable(["kind", "from", ...columns], rows));
    out.write(
      filed.refused.length === 0 && mismatches === 0
        ? `all ${orderKindIds.length} kinds reached exactly the units the order names\n`
        : `${filed.refused.length} kind(s) refused, ${mismatches} cell(s) differ from the routing the order requires\n`,
    );
    return filed.refused.length === 0 && mismatches === 0 ? 0 : 1;
  },
});
