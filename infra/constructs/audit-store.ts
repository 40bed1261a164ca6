/**
 * The audit table, derived from its one key design (`shared/wiring/audit-table.ts`) as the notification
 * store derives its table: keys, indexes and the TTL attribute come from there. Apart from the
 * notifications (its own table, its own longer retention, readable by the audit function only), and as
 * durable: customer-managed key, point-in-time recovery, deletion protection, RETAIN, on-demand. No
 * stream: nothing reacts to an audit record.
 *
 * Both indexes project ALL, what the reader needs and the simplest for a table read rarely: "by day"
 * answers whole records from the index (no GetItem per record; the copy is one record per query,
 * written once, never updated), and "by person" holds small entries (the time, the unit it is filtered
 * by, the record's key), so ALL costs it nothing over naming those attributes.
 */
import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { auditTable } from "../../shared/wiring/audit-table.ts";
import { MAX_RECOVERY_DAYS } from "./notification-store.ts";

export interface AuditStoreProps {
  /** Audit retention: PITR never keeps more history than this. */
  readonly retentionDays: number;
  /** The deployment's data key: audit records name persons and notifications, personal data too. */
  readonly encryptionKey: kms.IKey;
}

export class AuditStore extends Construct {
  public readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: AuditStoreProps) {
    super(scope, id);
    const { partitionKey, sortKey, timeToLiveAttribute, indexes } = auditTable;
    const text = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.TableV2(this, "Table", {
      partitionKey: text(partitionKey),
      sortKey: text(sortKey),
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(props.encryptionKey),
      pointInTimeRecoverySpecification: {
        pointInTimeRecoveryEnabled: true,
        recoveryPeriodInDays: Math.min(MAX_RECOVERY_DAYS, props.retentionDays),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute,
      globalSecondaryIndexes: Object.values(indexes).map((index) => ({
        indexName: index.indexName,
        partitionKey: text(index.partitionKey),
        sortKey: text(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
    });
  }
}
