/**
 * The exchange's statistics (rules art. 6.1, 10.3): `GET`, IAM-signed by a unit's role. The CDK API,
 * the local gateway, the OpenAPI document and the CLI take the path from here.
 */
export const STATS_PATH = "/v1/stats";
