/**
 * The monthly lists (rules art. 11.7) in the deployment's lists bucket: where each file of a month
 * lives. The monthly-list function writes these keys, the imc unit's role may read under
 * `LISTS_PREFIX` only, the CLI fetches them; all take the keys from here.
 */
import type { HubFunctionName } from "./functions.ts";

/** Every list object lives under this prefix (the bucket holds nothing else). */
export const LISTS_PREFIX = "lists/";

/** The scheduled function that builds a month's list; locally also its job's name (`POST <jobs>/jobs/monthly-list`). */
export const MONTHLY_LIST_JOB = "monthly-list" satisfies HubFunctionName;

/** The three files of a month's art.-519 list. */
export function admin519ListKeys(month: string) {
  const base = `${LISTS_PREFIX}519/${month}`;
  return { csv: `${base}.csv`, citizenshipCsv: `${base}-by-citizenship.csv`, json: `${base}.json` } as const;
}

export type ListObjectKeys = ReturnType<typeof admin519ListKeys>;
