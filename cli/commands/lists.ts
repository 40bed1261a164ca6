/**
 * `hub lists 519 --month 2026-10 [--download DIR]`: the monthly list of persons held liable under
 * CoAO art. 519 (rules art. 11.7). Against the local hub it builds the month first (runs the
 * monthly-list job, as the schedule would on the 1st), then fetches its files; against AWS it fetches
 * the files the schedule built, with the caller's credentials (a session of imc's role, the one role
 * the bucket lets read them). Rebuilding a month on AWS is an operator's invocation of the function
 * (docs/monthly-lists.md), not an officer's.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import * as z from "zod";
import { localS3Client } from "../../local/monthly-lists.ts";
import { ListBucket } from "../../shared/adapters/s3/list-files.ts";
import { deployments } from "../../shared/domain/catalogue/index.ts";
import {
  type Admin519List,
  admin519ListSchema,
  type ListRow,
} from "../../shared/domain/lists/admin-519-list-file.ts";
import { isMonth } from "../../shared/domain/lists/months.ts";
import { admin519ListKeys, MONTHLY_LIST_JOB } from "../../shared/wiring/monthly-lists.ts";
import { type CommandOutput, defineCommand, UsageError } from "../command.ts";
import { requireLocalHub } from "../hub-config.ts";
import { runLocalJob } from "../local-jobs.ts";
import { printable } from "../printable.ts";
import { renderTable } from "../table.ts";

/** Rows printed in the terminal; the files hold them all. */
export const ROWS_SHOWN = 20;

/** What the local job's run answers (functions/monthly-list: `MonthlyListRun`), as far as it is printed. */
const runSchema = z.object({
  month: z.string(),
  status: z.enum(["stored", "duplicate"]),
  notificationId: z.string(),
});

function fullName(row: ListRow): string {
  return [row.surname, row.given, row.patronymic].filter((part) => part !== undefined).join(" ");
}

/** The list as an officer reads it in a terminal: counts, citizenships, then the first rows. */
export function describeList(list: Admin519List, shown = ROWS_SHOWN): string {
  const { counts } = list;
  const place = `${deployments[list.deployment].name.en}${list.region === null ? "" : ` (${list.region})`}`;
  const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const persons = (n: number) => counted(n, "person");
  const citizenships = list.byCitizenship.map(
    (c) => `${c.citizenship} ${c.offences} (${persons(c.persons)})`,
  );
  const lines = [
    `art. 519 list, ${list.month}, ${place}: ${counted(counts.offences, "offence")}, ${persons(counts.persons)}, ${counts.repeatOffenders} with more than one`,
    `by citizenship: ${citizenships.join(", ") || "none"}`,
    "",
  ];
  const table = renderTable(
    ["№", "person", "offences", "name", "latin", "born", "citizenship", "case", "decided", "penalty"],
    list.rows
      .slice(0, shown)
      .map((row) => [
        String(row.line),
        String(row.person),
        String(row.personOffences),
        fullName(row),
        row.latin,
        row.birthDate ?? "-",
        row.citizenship,
        row.caseNumber,
        row.decidedOn,
        row.penalty,
      ]),
  );
  const more =
    list.rows.length > shown ? `… ${list.rows.length - shown} more rows: --download DIR for the files\n` : "";
  return `${lines.join("\n")}\n${list.rows.length === 0 ? "" : table}${more}`;
}

/** The lists bucket and its client: named by flag or environment against AWS, else the local hub's. */
function listBucket(flags: { readonly bucket?: string }) {
  const bucketName = flags.bucket ?? process.env.HUB_LISTS_BUCKET;
  if (bucketName !== undefined) {
    const client = new S3Client({});
    return { client, bucket: new ListBucket(client, bucketName), local: false };
  }
  const local = requireLocalHub();
  const client = localS3Client(local.lists.endpoint);
  return { client, bucket: new ListBucket(client, local.lists.bucket), local: true };
}

interface ListFlags {
  readonly month?: string;
  readonly download?: string;
  readonly json?: boolean;
}

/** Builds the month first on the local hub; resolves to the month to fetch. */
async function buildLocally(month: string | undefined, out: CommandOutput["out"]): Promise<string> {
  const run = await runLocalJob(requireLocalHub(), MONTHLY_LIST_JOB, month === undefined ? {} : { month });
  const built = runSchema.parse(run);
  out.write(
    built.status === "stored"
      ? `built ${built.month}: notification ${built.notificationId} stored, imc is notified\n`
      : `built ${built.month} again: the same list; its notification ${built.notificationId} went out before, nobody is notified twice\n`,
  );
  return built.month;
}

/** Fetches the month's list, writes its files when asked, prints it; 1 when the month has no list. */
async function fetchList(bucket: ListBucket, month: string, flags: ListFlags, out: CommandOutput["out"]) {
  const keys = admin519ListKeys(month);
  const json = await bucket.get(keys.json);
  if (json === undefined) {
    out.write(
      `no list of ${month} in bucket ${bucket.bucketName}: it is built on the 1st of the next month\n`,
    );
    return 1;
  }
  const list = admin519ListSchema.parse(JSON.parse(new TextDecoder().decode(json)));
  if (flags.download !== undefined) {
    const folder = resolve(flags.download);
    mkdirSync(folder, { recursive: true });
    for (const key of Object.values(keys)) {
      const bytes = key === keys.json ? json : await bucket.get(key);
      if (bytes === undefined) throw new Error(`the list of ${month} has no ${key}`);
      writeFileSync(join(folder, basename(key)), bytes);
      out.write(`wrote ${join(folder, basename(key))}\n`);
    }
  }
  // Names and case numbers come from upstream records: printed with line breaks only, nothing else raw.
  const text = flags.json === true ? `${JSON.stringify(list, null, 2)}\n` : describeList(list);
  out.write(printable(text, { lineFeeds: true }));
  return 0;
}

export const listsCommand = defineCommand({
  name: "lists",
  options: {
    month: {
      type: "string",
      description: "the month `YYYY-MM` (on the local hub: built first; default: last month)",
    },
    download: {
      type: "string",
      description: "write the month's files (CSV, CSV by citizenship, JSON) into this folder",
    },
    bucket: {
      type: "string",
      description:
        "the deployment's lists bucket on AWS (default: the local hub, or HUB_LISTS_BUCKET); read with your AWS credentials",
    },
    json: { type: "boolean", description: "print the whole list as JSON" },
  },
  summary: "The monthly list of persons held liable under CoAO art. 519 (art. 11.7): build, show, download",
  usage: "hub lists 519 --month <YYYY-MM> [--download <folder>] [--json]",
  async run({ values, positionals, out }) {
    const [list519, ...extra] = positionals;
    if (list519 !== "519" || extra.length > 0)
      throw new UsageError("the one monthly list is art. 519's: hub lists 519");
    if (values.month !== undefined && !isMonth(values.month))
      throw new UsageError("--month must be a month YYYY-MM, e.g. 2026-10");
    const { client, bucket, local } = listBucket(values);
    try {
      const month = local ? await buildLocally(values.month, out) : values.month;
      if (month === undefined) throw new UsageError("against AWS, say which month (--month YYYY-MM)");
      return await fetchList(bucket, month, values, out);
    } finally {
      client.destroy();
    }
  },
});
