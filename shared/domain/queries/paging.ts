/** The paging parameters of the queries that answer a page at a time (`GET /v1/persons`, `/v1/audit`). */
import * as z from "zod";
import { type Parsed, parseParameters, type QueryParameters } from "./parameters.ts";

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

export const pageQuerySchema = z
  .object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE_SIZE)
      .default(DEFAULT_PAGE_SIZE)
      .describe("Most items of one page"),
    cursor: z
      .string()
      .min(1)
      .max(2048)
      .optional()
      .describe("The `nextCursor` of the previous page, as it was answered"),
  })
  .meta({ id: "PageQuery", description: "Which page: its size, and where the previous one ended" });

export type PageQuery = z.output<typeof pageQuerySchema>;

export function pageQueryOf(raw: QueryParameters): Parsed<PageQuery> {
  return parseParameters(pageQuerySchema, raw);
}
