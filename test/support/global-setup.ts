import type { TestProject } from "vitest/node";
import { startDynamoDbLocal } from "../../local/dynamodb-local.ts";
import { loadTopology, type TableSpec } from "../../local/template-topology.ts";
import { ensureDynamoDbLocal } from "../../scripts/fetch-dynamodb-local.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    /** The notification table as the synthesized template declares it (synthesis runs once per run). */
    notificationTable: TableSpec;
    /** The audit table as the synthesized template declares it. */
    auditTable: TableSpec;
  }
}

/** One DynamoDB Local for the whole integration run, on a free port; each test file uses its own tables. */
export default async function setup(project: TestProject) {
  ensureDynamoDbLocal();
  // Synthesis (CPU) overlaps the JVM's start (mostly waiting).
  const [dynamodb, { table, auditTable }] = await Promise.all([startDynamoDbLocal(), loadTopology("almaty")]);
  project.provide("dynamodbEndpoint", dynamodb.endpoint);
  project.provide("notificationTable", table);
  project.provide("auditTable", auditTable);
  return async () => {
    await dynamodb.stop();
  };
}
