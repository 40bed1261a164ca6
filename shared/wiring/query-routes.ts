/**
 * Where units ask the hub (art. 11.8, 11.9) and where the auditor reads who asked: `GET` routes,
 * authorised by API Gateway with IAM (SigV4). The CDK API, the local gateway, the functions, the
 * OpenAPI document and the CLI take the paths from here.
 */
/** One route per catalogue query id (`shared/domain/catalogue/queries.ts`); wiring imports nothing, so a test holds them equal. */
export const QUERY_PATHS = {
  persons: "/v1/persons",
  "stay-legality": "/v1/stay-legality",
  inviters: "/v1/inviters",
} as const;

/** Who looked at what, when and why: readable by the deployment's auditor role only. */
export const AUDIT_PATH = "/v1/audit";

/** Every query states its purpose (a case or matter reference) in this header; 400 without it. */
export const PURPOSE_HEADER = "x-hub-purpose";
