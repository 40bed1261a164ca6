import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import type { TableSpec } from "./template-topology.ts";

/**
 * Creates the notification table on DynamoDB Local as the deployment's template declares it: keys,
 * indexes, stream and TTL. Tests and benchmarks name their own tables; the hub keeps the template's.
 */
export async function createTableFromTemplate(
  client: DynamoDBClient,
  table: TableSpec,
  tableName = table.tableName,
): Promise<void> {
  await client.send(new CreateTableCommand({ ...table.create, TableName: tableName }));
  if (table.timeToLiveAttribute !== undefined) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
}

/** The hub's table, created unless DynamoDB Local already holds it (persisted from an earlier run). */
export async function ensureTableFromTemplate(client: DynamoDBClient, table: TableSpec): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table.tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await createTableFromTemplate(client, table);
  }
}
