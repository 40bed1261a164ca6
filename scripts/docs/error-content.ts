import { errorBodySchema } from "../../shared/api/responses.ts";

/** An OpenAPI response content of the hub's one error body, with an example when one is given. */
export const errorContent = (example?: unknown) => ({
  "application/json":
    example === undefined ? { schema: errorBodySchema } : { schema: errorBodySchema, example },
});
