/**
 * One deployment of the hub (a region of the catalogue): API → ingest (feeds) and reports (the units'
 * own, IAM-signed) → table → publish → bus → one queue per unit, with its keys, secrets, alarms and
 * dashboard; the units' queries (IAM-signed, each audited in the audit table) and the auditor's reads
 * of that table. Named `Order195Hub-<deployment>`.
 */
import { CfnOutput, Duration, Stack, type StackProps, Tags, Validations } from "aws-cdk-lib";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import {
  type DeploymentId,
  deployments,
  feedSourceIds,
  mayReadStatistics,
} from "../../shared/domain/catalogue/index.ts";
import { AUDIT_PATH, QUERY_PATHS } from "../../shared/wiring/query-routes.ts";
import { RECEIPTS_PATH } from "../../shared/wiring/receipts-route.ts";
import { REPORTS_PATH } from "../../shared/wiring/reports-route.ts";
import { STATS_PATH } from "../../shared/wiring/stats-route.ts";
import { TRACE_PATHS } from "../../shared/wiring/trace-route.ts";
import { hubNameOf } from "../../shared/wiring/unit-roles.ts";
import { codeOf, type FunctionBundles } from "../bundling.ts";
import { placeholdersIn } from "../config/defaults.ts";
import type { DeploymentConfig } from "../config/schema.ts";
import { AuditStore } from "../constructs/audit-store.ts";
import { Auditor } from "../constructs/auditor.ts";
import { EvidenceLog } from "../constructs/evidence-log.ts";
import { HubEventBus } from "../constructs/hub-event-bus.ts";
import { HubFunction } from "../constructs/hub-function.ts";
import { IngestApi } from "../constructs/ingest-api.ts";
import { allowLogsService, hubKey } from "../constructs/keys.ts";
import { MonthlyLists } from "../constructs/monthly-lists.ts";
import { NotificationStore } from "../constructs/notification-store.ts";
import { HubObservability } from "../constructs/observability.ts";
import { Receipts, receiptDeadlinesOf } from "../constructs/receipts.ts";
import { Republisher } from "../constructs/republisher.ts";
import { Statistics } from "../constructs/statistics.ts";
import { StreamPublisher } from "../constructs/stream-publisher.ts";
import { NotificationTrace } from "../constructs/trace.ts";
import { UnitSubscriptions } from "../constructs/unit-subscriptions.ts";
import { WebhookSecrets } from "../constructs/webhook-secrets.ts";

/** The id of synth's warning about embedded placeholders still in a configuration. */
export const PLACEHOLDER_WARNING = "order195:placeholder-config";

/** The hub's name (`shared/wiring/unit-roles.ts`): the reports function recognises unit roles by it. */
export function stackNameOf(deployment: DeploymentId): string {
  return hubNameOf(deployment);
}

/** Operational logs (functions, API access) are kept at most this long, and never longer than personal data. */
export const OPERATIONAL_LOG_DAYS = 90;

const retentionChoices = Object.values(logs.RetentionDays)
  .filter((value): value is number => typeof value === "number" && value !== logs.RetentionDays.INFINITE)
  .sort((a, b) => a - b);

/** The longest CloudWatch Logs retention that does not exceed `days` (at least one day). */
export function retentionAtMost(days: number): logs.RetentionDays {
  const fitting = retentionChoices.filter((choice) => choice <= days);
  return (fitting.at(-1) ?? logs.RetentionDays.ONE_DAY) as logs.RetentionDays;
}

/** CloudFormation output ids: alphanumeric, e.g. `migration-service` → `MigrationService`. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("");
}

export interface HubStackProps extends StackProps {
  readonly deployment: DeploymentId;
  readonly config: DeploymentConfig;
  readonly bundles: FunctionBundles;
}

export class HubStack extends Stack {
  public readonly deployment: DeploymentId;
  public readonly config: DeploymentConfig;
  public readonly store: NotificationStore;
  public readonly secrets: WebhookSecrets;
  public readonly ingest: HubFunction;
  public readonly reports: HubFunction;
  public readonly auditStore: AuditStore;
  public readonly queries: HubFunction;
  public readonly audit: HubFunction;
  public readonly auditor: Auditor;
  public readonly api: IngestApi;
  public readonly eventBus: HubEventBus;
  public readonly publisher: StreamPublisher;
  public readonly republisher: Republisher;
  public readonly evidence: EvidenceLog;
  public readonly receipts: Receipts;
  public readonly trace: NotificationTrace;
  public readonly monthlyLists: MonthlyLists;
  public readonly statistics: Statistics;
  public readonly units: UnitSubscriptions;
  public readonly observability: HubObservability;

  constructor(scope: Construct, props: HubStackProps) {
    const { deployment, config } = props;
    const definition = deployments[deployment];
    super(scope, stackNameOf(deployment), {
      ...props,
      stackName: stackNameOf(deployment),
      description: `Order 195 interaction hub: ${definition.name.en}${definition.isoCode === null ? "" : ` (${definition.isoCode})`}`,
      env: { account: config.account, region: config.region },
      terminationProtection: props.terminationProtection ?? true,
    });
    this.deployment = deployment;
    this.config = config;
    const name = stackNameOf(deployment);
    Tags.of(this).add("order195:system", "order195-hub");
    Tags.of(this).add("order195:deployment", deployment);

    const operationalLogs = retentionAtMost(Math.min(OPERATIONAL_LOG_DAYS, config.retentionDays));
    const dataKey = hubKey(
      this,
      "DataKey",
      "personal data at rest (table, secrets, bus, logs)",
      `alias/${name}/data`,
    );
    const queueKey = hubKey(
      this,
      "QueueKey",
      "messages in flight (queues, alarm topic)",
      `alias/${name}/queues`,
    );
    allowLogsService(dataKey);

    this.store = new NotificationStore(this, "Store", {
      retentionDays: config.retentionDays,
      encryptionKey: dataKey,
      tableClass: config.tableClass,
    });
    this.secrets = new WebhookSecrets(this, "WebhookSecrets", {
      namePrefix: `${name}/webhook`,
      encryptionKey: dataKey,
    });

    this.ingest = new HubFunction(this, "Ingest", {
      serviceName: "ingest",
      description: "Order 195 hub: verifies, validates, normalises and stores upstream feeds",
      code: codeOf(props.bundles.ingest),
      memorySize: 1024,
      // DynamoDB calls fail fast (3 s, 3 attempts): well inside API Gateway's 29 s.
      timeout: Duration.seconds(15),
      logRetention: operationalLogs,
      logEncryptionKey: dataKey,
    })
      .bindDeployment(deployment, config.retentionDays)
      .bindTableWriter(this.store.table, dataKey)
      .bindWebhookSecrets(this.secrets.secrets, dataKey);
    this.secrets.restrictReadTo(this.ingest.role, config.webhookKeyCustodians);

    // A producer on the bus only through the table: it stores, the publish function publishes.
    this.reports = new HubFunction(this, "Reports", {
      serviceName: "reports",
      description: "Order 195 hub: validates, normalises and stores the units' own reports (IAM-signed)",
      code: codeOf(props.bundles.reports),
      memorySize: 1024,
      timeout: Duration.seconds(15),
      logRetention: operationalLogs,
      logEncryptionKey: dataKey,
    })
      .bindDeployment(deployment, config.retentionDays)
      .bindTableWriter(this.store.table, dataKey)
      .bindReportQuota(this.store.table, dataKey, config.reports.reportsPerUnitPerMinute);

    // Every query is audited before it is answered: the queries function reads notifications and adds
    // audit records, nothing else; only the audit function reads those records.
    this.auditStore = new AuditStore(this, "AuditStore", {
      retentionDays: config.auditRetentionDays,
      encryptionKey: dataKey,
    });
    this.queries = new HubFunction(this, "Queries", {
      serviceName: "queries",
      description:
        "Order 195 hub: answers the units' queries (persons, stay legality, inviters), each audited first",
      code: codeOf(props.bundles.queries),
      memorySize: 1024,
      timeout: Duration.seconds(15),
      logRetention: operationalLogs,
      logEncryptionKey: dataKey,
    })
      .bindDeployment(deployment, config.retentionDays)
      .bindNotificationReader(this.store.table, dataKey)
      .bindAuditWriter(this.auditStore.table, dataKey, config.auditRetentionDays);
    this.audit = new HubFunction(this, "Audit", {
      serviceName: "audit",
      description: "Order 195 hub: answers the auditor: who asked the hub what, when and why",
      code: codeOf(props.bundles.audit),
      memorySize: 1024,
      timeout: Duration.seconds(15),
      logRetention: operationalLogs,
      logEncryptionKey: dataKey,
    })
      .bindDeployment(deployment, config.retentionDays)
      .bindAuditReader(this.auditStore.table, dataKey);

    this.api = new IngestApi(this, "IngestApi", {
      handler: this.ingest.function,
      restApiName: name,
      sources: config.sources,
      throttle: config.apiThrottle,
      waf: config.waf,
      customDomain: config.customDomain,
      manageAccountRole: config.manageApiGatewayAccountRole,
      detailedMetrics: config.apiDetailedMetrics,
      logRetention: operationalLogs,
      logEncryptionKey: dataKey,
    });

    this.eventBus = new HubEventBus(this, "EventBus", {
      eventBusName: name,
      encryptionKey: dataKey,
      queueKey,
      archiveRetention: Duration.days(config.retentionDays),
      auditLogRetention: retentionAtMost(config.retentionDays),
    });

    this.publisher = new StreamPublisher(this, "Publisher", {
      code: codeOf(props.bundles.publish),
      table: this.store.table,
      tableKey: dataKey,
      bus: this.eventBus.bus,
      queueKey,
      failureQueueName: `${name}-stream-failures`,
      logRetention: operationalLogs,
      logEncryptionKey: dataKey,
    });
    this.eventBus.admitProducer(this.publisher.publisher.role);
    this.republisher = new Republisher(this, "Republisher", {
      roleName: `${name}-republisher`,
      table: this.store.table,
      tableKey: dataKey,
      bus: this.eventBus.bus,
    });
    this.eventBus.admitProducer(this.republisher.role);

    this.units = new UnitSubscriptions(this, "Units", {
      bus: this.eventBus.bus,
      busName: name,
      extraSubscriptions: config.extraSubscriptions,
      principals: config.unitPrincipals,
      namePrefix: name,
      encryptionKey: queueKey,
    });
    const unitRoles = [...this.units.roles.values()];
    this.republisher.admitReplays(
      this.eventBus.archive,
      [...this.units.units.values()].map((unit) => unit.rule),
    );
    this.api.addIamRoute("POST", REPORTS_PATH, this.reports.function, {
      callers: unitRoles.filter((role) => role.files),
      throttle: config.reports.throttle,
    });
    // Every unit role may reach the queries: the function refuses a unit the catalogue does not let ask
    // (403) and audits that refusal too, which it could not do if IAM stopped the request first.
    for (const path of Object.values(QUERY_PATHS)) {
      this.api.addIamRoute("GET", path, this.queries.function, {
        callers: unitRoles,
        throttle: config.queries.throttle,
      });
    }
    this.auditor = new Auditor(this, "Auditor", { hubName: name, principals: config.auditorPrincipals });
    this.api.addIamRoute("GET", AUDIT_PATH, this.audit.function, {
      callers: [this.auditor],
      throttle: config.audit.throttle,
    });

    this.evidence = new EvidenceLog(this, "Evidence", {
      deployment,
      namePrefix: name,
      config: config.evidence,
      retentionDays: config.retentionDays,
      extraSubscriptions: config.extraSubscriptions,
      code: codeOf(props.bundles.checkpoint),
      notifications: this.store.table,
      notificationKey: dataKey,
      logRetention: operationalLogs,
      logEncryptionKey: dataKey,
    });

    this.receipts = new Receipts(this, "Receipts", {
      deployment,
      namePrefix: name,
      config: config.receipts,
      retentionDays: config.retentionDays,
      extraSubscriptions: config.extraSubscriptions,
      receiptsCode: codeOf(props.bundles.receipts),
      checkerCode: codeOf(props.bundles["receipt-checker"]),
      table: this.store.table,
      tableKey: dataKey,
      logRetention: operationalLogs,
      logEncryptionKey: dataKey,
    });
    // Units that receive notifications acknowledge them; the function refuses one not routed to the caller.
    this.api.addIamRoute("POST", RECEIPTS_PATH, this.receipts.receipts.function, {
      callers: unitRoles.filter((role) => this.units.units.has(role.unit)),
      throttle: config.receipts.throttle,
    });
    this.trace = new NotificationTrace(this, "Trace", {
      deployment,
      retentionDays: config.retentionDays,
      extraSubscriptions: config.extraSubscriptions,
      deadlines: receiptDeadlinesOf(config.receipts),
      code: codeOf(props.bundles.trace),
      table: this.store.table,
      tableKey: dataKey,
      publisher: this.publisher.publisher,
      logRetention: operationalLogs,
      logEncryptionKey: dataKey,
    });
    // Every unit role may ask: the function answers only for notifications the unit may follow (403).
    for (const path of Object.values(TRACE_PATHS)) {
      this.api.addIamRoute("GET", path, this.trace.trace.function, {
        callers: unitRoles,
        throttle: config.queries.throttle,
      });
    }

    this.monthlyLists = new MonthlyLists(this, "MonthlyLists", {
      deployment,
      namePrefix: name,
      retentionDays: config.retentionDays,
      expiryDays: config.lists.expiryDays ?? config.retentionDays,
      code: codeOf(props.bundles["monthly-list"]),
      notifications: this.store.table,
      dataKey,
      queueKey,
      logRetention: operationalLogs,
    });
    this.monthlyLists.admitReaders(unitRoles.filter((role) => role.unit === "imc").map((role) => role.role));
    this.statistics = new Statistics(this, "Statistics", {
      deployment,
      retentionDays: config.retentionDays,
      extraSubscriptions: config.extraSubscriptions,
      code: codeOf(props.bundles.stats),
      notifications: this.store.table,
      tableKey: dataKey,
      logRetention: operationalLogs,
      logEncryptionKey: dataKey,
    });
    this.api.addIamRoute("GET", STATS_PATH, this.statistics.stats.function, {
      callers: unitRoles.filter((role) => mayReadStatistics(role.unit)),
      throttle: config.stats.throttle,
    });

    const unitList = [...this.units.units.values()];
    this.observability = new HubObservability(this, "Observability", {
      namePrefix: name,
      alarmEmail: config.alarmEmail,
      encryptionKey: queueKey,
      api: this.api.api,
      functions: {
        ingest: this.ingest.function,
        reports: this.reports.function,
        publish: this.publisher.publisher.function,
        queries: this.queries.function,
        audit: this.audit.function,
        checkpoint: this.evidence.checkpoint.function,
        receipts: this.receipts.receipts.function,
        "receipt-checker": this.receipts.checker.function,
        trace: this.trace.trace.function,
        "monthly-list": this.monthlyLists.job.function,
        stats: this.statistics.stats.function,
      },
      deadLetterQueues: [
        ...unitList.map((unit) => ({
          id: `unit-${unit.unit}-dlq`,
          section: "unit-dlq",
          queue: unit.deadLetterQueue,
          description: `Notifications for ${unit.unit} could not be delivered or were not consumed.`,
        })),
        {
          id: "stream-failures",
          section: "stream-failures",
          queue: this.publisher.failureQueue,
          description: "Stored notifications could not be published within the stream's 24 hours.",
        },
        {
          id: "bus-dlq",
          section: "bus-dlq",
          queue: this.eventBus.deadLetterQueue,
          description: "The event bus or the audit rule could not deliver events.",
        },
        {
          id: "monthly-list-failures",
          section: "monthly-list-failures",
          queue: this.monthlyLists.failureQueue,
          description: "A month's art.-519 list was not built: imc did not get it.",
        },
      ],
      unitQueues: unitList.map((unit) => ({ id: unit.unit, queue: unit.queue, description: unit.unit })),
      feedSources: feedSourceIds,
      thresholds: config.alarms,
    });

    this.evidence.alarmOn(this.observability.topic);
    this.receipts.alarmOn(this.observability.topic, [...this.units.units.keys()]);

    this.acknowledgeFunctionFindings();
    this.addOutputs();
    const placeholders = placeholdersIn(config);
    if (placeholders.length > 0) {
      Validations.of(this).addWarning(
        PLACEHOLDER_WARNING,
        `${deployment} is not deployable as configured: ${placeholders.join("; ")}. See docs/deploying.md.`,
      );
    }
  }

  /** Findings that hold for every function, acknowledged on each function or role with the reason. */
  private acknowledgeFunctionFindings(): void {
    const functions = [
      {
        fn: this.ingest,
        how: "synchronously by API Gateway: a failure is returned to the caller, who resends",
      },
      {
        fn: this.reports,
        how: "synchronously by API Gateway: a failure is returned to the unit, which resends",
      },
      {
        fn: this.queries,
        how: "synchronously by API Gateway: a failure is returned to the unit, which asks again",
      },
      {
        fn: this.audit,
        how: "synchronously by API Gateway: a failure is returned to the auditor, who asks again",
      },
      {
        fn: this.receipts.receipts,
        how: "synchronously by API Gateway: a failure is returned to the unit, which resends",
      },
      {
        fn: this.statistics.stats,
        how: "synchronously by API Gateway: a failure is returned to the unit, which asks again",
      },
      {
        fn: this.trace.trace,
        how: "synchronously by API Gateway: a failure is returned to the unit, which asks again",
      },
      {
        fn: this.publisher.publisher,
        how: "by the DynamoDB stream event source mapping, whose retries end in its on-failure queue at the maximum record age",
      },
    ];
    for (const { fn, how } of functions) {
      Validations.of(fn.function).acknowledge({
        id: "Serverless-LambdaDLQ",
        reason: `Never invoked asynchronously: invoked ${how}. A function dead-letter queue would never receive anything.`,
      });
      Validations.of(fn.function).acknowledge({
        id: "Serverless-LambdaAsyncFailureDestination",
        reason: `Never invoked asynchronously: invoked ${how}.`,
      });
    }
  }

  private addOutputs(): void {
    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output(
      "ApiUrl",
      this.api.url,
      "Base URL of the API: feeds POST <url>v1/feeds/<source>; units' reports POST <url>v1/reports, queries GET, audit GET <url>v1/audit (SigV4)",
    );
    if (this.api.domainName !== undefined) {
      output(
        "ApiDomainTarget",
        this.api.domainName.domainNameAliasDomainName,
        "Point the custom domain's DNS (CNAME or alias) at this regional name",
      );
    }
    for (const source of feedSourceIds) {
      const secret = this.secrets.secrets.get(source);
      if (secret !== undefined) {
        output(
          `WebhookSecret${pascalCase(source)}Arn`,
          secret.secretArn,
          `Standard Webhooks keys of ${source}`,
        );
      }
    }
    for (const unit of this.units.units.values()) {
      const id = `Unit${pascalCase(unit.unit)}`;
      output(`${id}QueueUrl`, unit.queue.queueUrl, `Queue of ${unit.unit} (HUB_QUEUE_URL)`);
      output(`${id}DlqUrl`, unit.deadLetterQueue.queueUrl, `Dead-letter queue of ${unit.unit} (HUB_DLQ_URL)`);
      output(`${id}RuleArn`, unit.rule.ruleArn, `Rule delivering to ${unit.unit}: a replay's filter`);
    }
    for (const { unit, role, files } of this.units.roles.values()) {
      const does = [
        ...(this.units.units.has(unit) ? ["read its queue"] : []),
        ...(files ? ["file reports"] : []),
        "ask the hub",
      ];
      output(`Unit${pascalCase(unit)}RoleArn`, role.roleArn, `Role ${unit} assumes to ${does.join(", ")}`);
    }
    output(
      "TableName",
      this.store.table.tableName,
      "The notification table (HUB_TABLE_NAME of hub republish)",
    );
    output(
      "AuditTableName",
      this.auditStore.table.tableName,
      "The audit table: who asked the hub what (HUB_AUDIT_TABLE_NAME)",
    );
    output(
      "AuditorRoleArn",
      this.auditor.role.roleArn,
      "Role the deployment's auditor assumes to read the audit log (GET <url>v1/audit)",
    );
    output(
      "RepublisherRoleArn",
      this.republisher.role.roleArn,
      "Role operators assume to run hub republish (reads by receipt day, puts events on the bus) and hub replay (the archive through a unit's rule)",
    );
    output(
      "EvidenceKeyArn",
      this.evidence.signingKey.keyArn,
      "Signs the evidence log: its public key (kms get-public-key) is what hub verify --public-key checks with",
    );
    output(
      "EvidenceTableName",
      this.evidence.table.tableName,
      "The evidence log's checkpoints (HUB_EVIDENCE_TABLE_NAME of hub verify)",
    );
    output(
      "ListsBucketName",
      this.monthlyLists.bucket.bucketName,
      "The monthly art.-519 lists (HUB_LISTS_BUCKET of hub lists): imc's role reads them",
    );
    output(
      "MonthlyListFunctionName",
      this.monthlyLists.job.function.functionName,
      'Builds a month\'s list by hand: aws lambda invoke --payload \'{"month":"YYYY-MM"}\'',
    );
    output("EventBusName", this.eventBus.bus.eventBusName, "The hub's event bus");
    output("EventBusArn", this.eventBus.bus.eventBusArn, "The hub's event bus: a replay's destination");
    output("EventArchiveArn", this.eventBus.archive.archiveArn, "Every hub event, for replay");
    output("AlarmTopicArn", this.observability.topic.topicArn, "Alarm notifications");
    output("DashboardName", this.observability.dashboard.dashboardName, "CloudWatch dashboard");
  }
}
