/**
 * One deployment of the hub (a region of the catalogue): API → ingest (feeds) and reports (the units'
 * own, IAM-signed) → table → publish → bus → one queue per unit, with its keys, secrets, alarms and
 * dashboard. Named `Order195Hub-<deployment>`.
 */
import { CfnOutput, Duration, Stack, type StackProps, Tags, Validations } from "aws-cdk-lib";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { type DeploymentId, deployments, feedSourceIds } from "../../shared/domain/catalogue/index.ts";
import { hubNameOf } from "../../shared/wiring/unit-roles.ts";
import { codeOf, type FunctionBundles } from "../bundling.ts";
import { placeholdersIn } from "../config/defaults.ts";
import type { DeploymentConfig } from "../config/schema.ts";
import { HubEventBus } from "../constructs/hub-event-bus.ts";
import { HubFunction } from "../constructs/hub-function.ts";
import { IngestApi } from "../constructs/ingest-api.ts";
import { allowLogsService, hubKey } from "../constructs/keys.ts";
import { NotificationStore } from "../constructs/notification-store.ts";
import { HubObservability } from "../constructs/observability.ts";
import { Republisher } from "../constructs/republisher.ts";
import { StreamPublisher } from "../constructs/stream-publisher.ts";
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
  public readonly api: IngestApi;
  public readonly eventBus: HubEventBus;
  public readonly publisher: StreamPublisher;
  public readonly republisher: Republisher;
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

    this.api = new IngestApi(this, "IngestApi", {
      handler: this.ingest.function,
      reports: { handler: this.reports.function, throttle: config.reports.throttle },
      restApiName: name,
      sources: config.sources,
      throttle: config.apiThrottle,
      waf: config.waf,
      customDomain: config.customDomain,
      manageAccountRole: config.manageApiGatewayAccountRole,
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
    this.api.admitReportFilers([...this.units.roles.values()].filter((role) => role.files));

    const unitList = [...this.units.units.values()];
    this.observability = new HubObservability(this, "Observability", {
      namePrefix: name,
      alarmEmail: config.alarmEmail,
      encryptionKey: queueKey,
      api: this.api.api,
      ingest: this.ingest.function,
      reports: this.reports.function,
      publish: this.publisher.publisher.function,
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
      ],
      unitQueues: unitList.map((unit) => ({ id: unit.unit, queue: unit.queue, description: unit.unit })),
      feedSources: feedSourceIds,
      thresholds: config.alarms,
    });

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
      "Base URL of the API: feeds POST <url>v1/feeds/<source>, units' reports POST <url>v1/reports (SigV4)",
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
      ];
      output(`Unit${pascalCase(unit)}RoleArn`, role.roleArn, `Role ${unit} assumes to ${does.join(" and ")}`);
    }
    output(
      "TableName",
      this.store.table.tableName,
      "The notification table (HUB_TABLE_NAME of hub republish)",
    );
    output(
      "RepublisherRoleArn",
      this.republisher.role.roleArn,
      "Role operators assume to run hub republish (reads by receipt day, puts events on the bus)",
    );
    output("EventBusName", this.eventBus.bus.eventBusName, "The hub's event bus");
    output("EventBusArn", this.eventBus.bus.eventBusArn, "The hub's event bus: a replay's destination");
    output("EventArchiveArn", this.eventBus.archive.archiveArn, "Every hub event, for replay");
    output("AlarmTopicArn", this.observability.topic.topicArn, "Alarm notifications");
    output("DashboardName", this.observability.dashboard.dashboardName, "CloudWatch dashboard");
  }
}
