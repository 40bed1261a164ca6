import * as z from "zod";
import { errorBodySchema } from "../../shared/api/responses.ts";

/** An OpenAPI response content of the hub's one error body, with an example when one is given. */
export const errorContent = (example?: unknown) => ({
  "application/json":
    example === undefined ? { schema: errorBodySchema } : { schema: errorBodySchema, example },
});

/** The Retry-After header of a 429 or 503 answer, a new schema each call so none is shared between operations. */
export const retryAfterHeaders = (exampleSeconds: string) =>
  z.object({
    "Retry-After": z
      .string()
      .regex(/^\d+$/)
      .meta({ description: "Seconds to wait before retrying", example: exampleSeconds }),
  });

/** The error answers the feed, reports and receipts APIs share; `items` names what a request carries. */
export const sharedErrorResponses = (items: "records" | "reports" | "receipts") => ({
  "400": {
    description: "The body is not well-formed JSON (`body.malformed-json`).",
    content: errorContent(),
  },
  "413": {
    description: `The body is larger than the hub accepts (\`body.too-large\`); send fewer ${items} per request.`,
    content: errorContent(),
  },
  "415": {
    description: "The body is not declared `application/json` in UTF-8 (`body.media-type`).",
    content: errorContent(),
  },
  "503": {
    description:
      "The notification store is unavailable (`store.unavailable`); nothing was acknowledged. Retry the same request after Retry-After seconds.",
    headers: retryAfterHeaders("5"),
    content: errorContent(),
  },
});
