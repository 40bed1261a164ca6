/**
 * The notification table, derived from the one key design (`shared/wiring/notification-table.ts`):
 * keys, the indexes with their INCLUDE projections and the TTL attribute all come from there.
 * Secure and durable by default: customer-managed KMS key, point-in-time recovery, deletion
 * protection, RETAIN; on-demand capacity; a NEW_IMAGE stream for the publish function.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import type { DeploymentConfig } from "../config/schema.ts";
import { hubKey } from "./keys.ts";

/** PITR keeps a deleted item restorable for this long at most (DynamoDB allows 1–35 days). */
export const MAX_RECOVERY_DAYS = 35;

export interface NotificationStoreProps {
  /** Personal data retention: PITR never keeps more history than this. */
  readonly retentionDays: number;
  /** @default - a new customer-managed key with rotation */
  readonly encryptionKey?: kms.IKey;
  /** @default "standard" */
  readonly tableClass?: DeploymentConfig["tableClass"];
}

export class NotificationStore extends Construct {
  public readonly table: dynamodb.TableV2;
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: NotificationStoreProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey ?? hubKey(this, "Key", "notification table");
    const { partitionKey, sortKey, timeToLiveAttribute, indexes } = notificationTable;
    const text = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.TableV2(this, "Table", {
      partitionKey: text(partitionKey),
      sortKey: text(sortKey),
      billing: dynamodb.Billing.onDemand(),
      tableClass:
        props.tableClass === "standard-infrequent-access"
          ? dynamodb.TableClass.STANDARD_INFREQUENT_ACCESS
          : dynamodb.TableClass.STANDARD,
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.encryptionKey),
      pointInTimeRecoverySpecification: {
        pointInTimeRecoveryEnabled: true,
        recoveryPeriodInDays: Math.min(MAX_RECOVERY_DAYS, props.retentionDays),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
      timeToLiveAttribute,
      globalSecondaryIndexes: Object.values(indexes).map((index) => ({
        indexName: index.indexName,
        partitionKey: text(index.partitionKey),
        sortKey: text(index.sortKey),
        projectionType: dynamodb.ProjectionType.INCLUDE,
        nonKeyAttributes: [...index.projected],
      })),
    });
  }
}
