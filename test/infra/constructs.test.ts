/**
 * Template assertions per construct, on a default deployment (almaty, a city), the transport
 * deployment, and almaty with every option turned (extra subscriptions, custom domain with mutual
 * TLS, WAF off with a reason, unit principals, short retention). Each app is synthesized once.
 */
import { readFileSync } from "node:fs";
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultDeploymentConfig } from "../../infra/config/defaults.ts";
import {
  AUDIT_READER_ACTIONS,
  AUDIT_WRITER_ACTIONS,
  NOTIFICATION_READER_ACTIONS,
  QUERIED_NOTIFICATION_INDEXES,
  QUOTA_COUNTER_ACTIONS,
  TABLE_WRITER_ACTIONS,
} from "../../infra/constructs/hub-function.ts";
import {
  gatewayErrors,
  gatewayErrorTemplate,
  STAGE_NAME,
  UNKNOWN_SOURCE_THROTTLE,
} from "../../infra/constructs/ingest-api.ts";
import { ITERATOR_AGE_THRESHOLD } from "../../infra/constructs/observability.ts";
import { MAX_RECEIVE_COUNT, QUEUE_RETENTION } from "../../infra/constructs/queues.ts";
import { CONSUMER_ACTIONS, TARGET_RETRY } from "../../infra/constructs/unit-subscriptions.ts";
import { GENERATED_KEY_LENGTH, GENERATED_KEY_NAME } from "../../infra/constructs/webhook-secrets.ts";
import { pascalCase } from "../../infra/stacks/hub-stack.ts";
import {
  deploymentIds,
  type ExtraSubscriptions,
  feedSourceIds,
  hubEventSources,
  kindsByUnit,
  kindsFiledBy,
  type UnitId,
  unitIds,
} from "../../shared/domain/catalogue/index.ts";
import { auditKeyAttributeNames, auditTable } from "../../shared/wiring/audit-table.ts";
import { envNames } from "../../shared/wiring/env.ts";
import { hubFunctionNames } from "../../shared/wiring/functions.ts";
import { AUDIT_RETENTION_DAYS } from "../../shared/wiring/limits.ts";
import { METRICS_NAMESPACE, metricDimensions, metricNames } from "../../shared/wiring/metrics.ts";
import { keyAttributeNames, notificationTable } from "../../shared/wiring/notification-table.ts";
import { AUDIT_PATH, QUERY_PATHS } from "../../shared/wiring/query-routes.ts";
import { REPORTS_PATH } from "../../shared/wiring/reports-route.ts";
import { publishEventSource, RETRY_UNTIL_MAX_RECORD_AGE } from "../../shared/wiring/stream-mapping.ts";
import { auditorRoleName, hubNameOf, unitRoleName } from "../../shared/wiring/unit-roles.ts";
import { cfnWorld } from "./support/cfn-world.ts";
import {
  type CfnTemplate,
  PAIR,
  resourcesOfType,
  SYNTH_TIMEOUT,
  type SynthesizedHub,
  synthesizeHub,
} from "./support/synth.ts";

const extras: ExtraSubscriptions = {
  "stay.overstay": ["duty", "penal-ops"],
  "prisoner.released": ["penal-ops"],
  "channel.identified": ["imc"],
};
const customDomain = {
  domainName: "hub.almaty.police.example.kz",
  certificateArn: "arn:aws:acm:eu-central-1:123456789012:certificate/0e7a3c2e-1111-2222-3333-444455556666",
  truststoreUri: "s3://hub-truststores/almaty/ca-bundle.pem",
  truststoreVersion: "v3",
};

/** Rights other constructs give a unit's role, reviewed: imc reads the monthly art.-519 lists. */
const otherUnitRights: Partial<Record<UnitId, readonly string[]>> = { imc: ["s3:GetObject"] };

/** The units that file reports (the catalogue's origin of the unit-report kinds). */
const filingUnits = unitIds.filter((unit) => kindsFiledBy(unit).length > 0);

let base: SynthesizedHub;
let variant: SynthesizedHub;

beforeAll(async () => {
  base = await synthesizeHub(PAIR);
  variant = await synthesizeHub({
    deployments: ["almaty"],
    overrides: {
      deployments: {
        almaty: {
          account: "123456789012",
          region: "eu-west-1",
          retentionDays: 30,
          extraSubscriptions: extras,
          customDomain,
          waf: {
            enabled: false,
            disabledReason: "the ministry's perimeter firewall filters this traffic already",
          },
          unitPrincipals: { imc: ["210987654321", "arn:aws:iam::210987654321:role/imc-poller"] },
          manageApiGatewayAccountRole: false,
          webhookKeyCustodians: ["arn:aws:iam::123456789012:role/hub-key-custodian"],
          sources: { kqp: { allowedCidrs: ["10.20.0.0/16"], throttle: { rateLimit: 40, burstLimit: 80 } } },
          alarms: { unitQueueAgeHours: 6, signatureFailuresPer5Minutes: 3 },
          reports: { throttle: { rateLimit: 4, burstLimit: 8 }, reportsPerUnitPerMinute: 250 },
          queries: { throttle: { rateLimit: 3, burstLimit: 6 } },
          audit: { throttle: { rateLimit: 1, burstLimit: 2 } },
          auditorPrincipals: ["arn:aws:iam::210987654321:role/internal-audit"],
          auditRetentionDays: 30,
          tableClass: "standard",
          apiDetailedMetrics: true,
        },
      },
    },
  });
}, SYNTH_TIMEOUT);

/** Rule name → event pattern, for the unit rules (named `<stack>-<unit>`). */
function unitRules(template: CfnTemplate, stackName: string): Map<string, unknown> {
  const rules = new Map<string, unknown>();
  for (const [, rule] of resourcesOfType(template, "AWS::Events::Rule")) {
    const name = String(rule.Properties?.Name ?? "");
    if (name.endsWith("-audit")) continue;
    rules.set(name.slice(stackName.length + 1), rule.Properties?.EventPattern);
  }
  return rules;
}

function expectedUnitPatterns(extraSubscriptions: ExtraSubscriptions = {}): Map<string, unknown> {
  return new Map(
    [...kindsByUnit(extraSubscriptions)].map(([unit, kinds]) => [
      unit,
      { source: hubEventSources, "detail-type": kinds },
    ]),
  );
}

describe("unit subscriptions", () => {
  it("has one rule per routed unit whose pattern is exactly the hub's sources × that unit's kinds (default)", () => {
    for (const deployment of ["almaty", "transport"] as const) {
      const rules = unitRules(base.json(deployment), `Order195Hub-${deployment}`);
      expect(rules).toEqual(expectedUnitPatterns());
    }
  });

  it("follows kindsByUnit(extras) with extra subscriptions, a unit with no default kinds included", () => {
    const rules = unitRules(variant.json("almaty"), "Order195Hub-almaty");
    expect(rules).toEqual(expectedUnitPatterns(extras));
    expect(rules.has("penal-ops")).toBe(true);
    expect(unitRules(base.json("almaty"), "Order195Hub-almaty").has("penal-ops")).toBe(false);
  });

  it("targets each unit's queue with a bounded retry policy and the unit's dead-letter queue", () => {
    const template = base.template("almaty");
    for (const unit of kindsByUnit().keys()) {
      const queue = logicalIdOfQueue(base.json("almaty"), `Order195Hub-almaty-${unit}`);
      const dlq = logicalIdOfQueue(base.json("almaty"), `Order195Hub-almaty-${unit}-dlq`);
      template.hasResourceProperties("AWS::Events::Rule", {
        Name: `Order195Hub-almaty-${unit}`,
        Targets: [
          {
            Arn: { "Fn::GetAtt": [queue, "Arn"] },
            DeadLetterConfig: { Arn: { "Fn::GetAtt": [dlq, "Arn"] } },
            RetryPolicy: {
              MaximumEventAgeInSeconds: TARGET_RETRY.maxEventAge.toSeconds(),
              MaximumRetryAttempts: TARGET_RETRY.retryAttempts,
            },
          },
        ],
      });
      template.hasResourceProperties("AWS::SQS::Queue", {
        QueueName: `Order195Hub-almaty-${unit}`,
        RedrivePolicy: {
          deadLetterTargetArn: { "Fn::GetAtt": [dlq, "Arn"] },
          maxReceiveCount: MAX_RECEIVE_COUNT,
        },
      });
    }
  });

  it("keeps the construct id Unit-<unitId> and outputs queue, dead-letter queue, role and rule per unit", () => {
    const stack = base.stacks.get("almaty");
    const outputs = base.json("almaty").Outputs ?? {};
    // The archive and the bus: what a replay to one unit's rule names (docs/alarms.md#unit-dlq).
    expect(outputs.EventArchiveArn).toBeDefined();
    expect(outputs.EventBusArn).toBeDefined();
    for (const unit of kindsByUnit().keys()) {
      expect(stack?.units.node.tryFindChild(`Unit-${unit}`)).toBeDefined();
      for (const suffix of ["QueueUrl", "DlqUrl", "RoleArn", "RuleArn"]) {
        expect(outputs[`Unit${pascalCase(unit)}${suffix}`]).toBeDefined();
      }
    }
  });

  it("gives every unit that files reports a role, and one that only files (penal-ops) no queue", () => {
    const json = base.json("almaty");
    const outputs = json.Outputs ?? {};
    const roleNames = resourcesOfType(json, "AWS::IAM::Role").map(([, role]) => role.Properties?.RoleName);
    for (const unit of filingUnits) {
      expect(roleNames).toContain(unitRoleName("Order195Hub-almaty", unit));
      expect(outputs[`Unit${pascalCase(unit)}RoleArn`]?.Description).toContain("file reports");
    }
    expect(kindsByUnit().has("penal-ops")).toBe(false);
    expect(outputs.UnitPenalOpsQueueUrl).toBeUndefined();
    expect(base.stacks.get("almaty")?.units.node.tryFindChild("Unit-penal-ops")?.node.children).toHaveLength(
      1,
    );
    // With a subscription, the same role (same construct path, same logical id) also reads a queue.
    const roleId = (hub: SynthesizedHub) =>
      logicalIdOfRole(hub.json("almaty"), "Order195Hub-almaty-penal-ops");
    expect(roleId(variant)).toBe(roleId(base));
    expect(variant.json("almaty").Outputs?.UnitPenalOpsQueueUrl).toBeDefined();
  });

  it("gives each unit a role allowed only its own queues' consumer actions and decryption via SQS, never sending, and the API: the queries, a filing unit's also POST /v1/reports", () => {
    const json = base.json("almaty");
    for (const unit of new Set([...kindsByUnit().keys(), ...filingUnits])) {
      const role = logicalIdOfRole(json, `Order195Hub-almaty-${unit}`);
      const policies = resourcesOfType(json, "AWS::IAM::Policy").filter(([, policy]) =>
        JSON.stringify(policy.Properties?.Roles).includes(role),
      );
      expect(policies).toHaveLength(1);
      const document = policies[0]?.[1].Properties?.PolicyDocument as {
        Statement: { Action: string | string[] }[];
      };
      const allowed = document.Statement.flatMap((statement) => [statement.Action].flat());
      const consumes = kindsByUnit().has(unit) ? [...CONSUMER_ACTIONS, "kms:Decrypt"] : [];
      expect(new Set(allowed), unit).toEqual(
        new Set([...consumes, "execute-api:Invoke", ...(otherUnitRights[unit] ?? [])]),
      );
    }
  });

  it("lets the configured principals assume a unit's role, else the deployment account", () => {
    variant.template("almaty").hasResourceProperties("AWS::IAM::Role", {
      RoleName: "Order195Hub-almaty-imc",
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: "sts:AssumeRole",
            Effect: "Allow",
            Principal: {
              AWS: ["arn:aws:iam::210987654321:role/imc-poller", "arn:aws:iam::210987654321:root"],
            },
          },
        ],
      },
    });
    const duty = resourcesOfType(variant.json("almaty"), "AWS::IAM::Role").find(
      ([, role]) => role.Properties?.RoleName === "Order195Hub-almaty-duty",
    );
    expect(JSON.stringify(duty?.[1].Properties?.AssumeRolePolicyDocument)).toMatch(/:iam::123456789012:root/);
  });
});

describe("queues", () => {
  it("encrypts every queue with a customer key, keeps messages 14 days and refuses plain HTTP", () => {
    for (const hub of [base, variant]) {
      const json = hub.json("almaty");
      const queues = resourcesOfType(json, "AWS::SQS::Queue");
      expect(queues.length).toBeGreaterThan(10);
      const keys = new Set(resourcesOfType(json, "AWS::KMS::Key").map(([id]) => id));
      for (const [id, queue] of queues) {
        const keyRef = queue.Properties?.KmsMasterKeyId as { "Fn::GetAtt": [string, string] } | undefined;
        expect(keys.has(keyRef?.["Fn::GetAtt"][0] ?? ""), `${id} key`).toBe(true);
        expect(queue.Properties?.MessageRetentionPeriod, `${id} retention`).toBe(QUEUE_RETENTION.toSeconds());
        const policies = resourcesOfType(json, "AWS::SQS::QueuePolicy").filter(([, policy]) =>
          JSON.stringify(policy.Properties?.Queues).includes(`"${id}"`),
        );
        expect(policies, `${id} policy`).toHaveLength(1);
        expect(policies[0]?.[1].Properties?.PolicyDocument).toMatchObject({
          Statement: expect.arrayContaining([
            expect.objectContaining({
              Effect: "Deny",
              Action: "sqs:*",
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            }),
            expect.objectContaining({
              Sid: "DenySendFromAnyoneElse",
              Effect: "Deny",
              Action: "sqs:SendMessage",
            }),
          ]),
        });
      }
    }
  });

  it("lets only the unit's own rule send to its queue and dead-letter queue: no principal is exempt", () => {
    const json = base.json("almaty");
    for (const unit of kindsByUnit().keys()) {
      for (const name of [`Order195Hub-almaty-${unit}`, `Order195Hub-almaty-${unit}-dlq`]) {
        const queue = logicalIdOfQueue(json, name);
        const [, policy] =
          resourcesOfType(json, "AWS::SQS::QueuePolicy").find(([, candidate]) =>
            JSON.stringify(candidate.Properties?.Queues).includes(`"${queue}"`),
          ) ?? [];
        const document = policy?.Properties?.PolicyDocument as
          | { Statement: Record<string, unknown>[] }
          | undefined;
        const deny = document?.Statement.find((statement) => statement.Sid === "DenySendFromAnyoneElse");
        expect(deny?.Condition, name).toEqual({
          ArnNotLike: { "aws:SourceArn": [{ "Fn::GetAtt": [expect.stringMatching(/Rule/), "Arn"] }] },
        });
      }
    }
  });
});

describe("notification store", () => {
  it("derives keys, indexes, projections and TTL from the key design", () => {
    const { partitionKey, sortKey, timeToLiveAttribute, indexes } = notificationTable;
    base.template("almaty").hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      KeySchema: [
        { AttributeName: partitionKey, KeyType: "HASH" },
        { AttributeName: sortKey, KeyType: "RANGE" },
      ],
      AttributeDefinitions: Match.arrayEquals(
        keyAttributeNames.map((name) => ({ AttributeName: name, AttributeType: "S" })),
      ),
      GlobalSecondaryIndexes: Object.values(indexes).map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...index.projected] },
      })),
      TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
      StreamSpecification: { StreamViewType: "NEW_IMAGE" },
      BillingMode: "PAY_PER_REQUEST",
      SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
    });
  });

  it("stores in the Standard-IA class by default, the standard class when configured", () => {
    const classes = (hub: SynthesizedHub) =>
      resourcesOfType(hub.json("almaty"), "AWS::DynamoDB::GlobalTable")
        .map(([, table]) => JSON.stringify(table.Properties?.Replicas))
        .filter((replicas) => replicas.includes(`"${notificationTable.indexes.bySubject.indexName}"`));
    expect(classes(base)).toEqual([expect.stringContaining('"TableClass":"STANDARD_INFREQUENT_ACCESS"')]);
    expect(classes(variant)).toEqual([expect.stringContaining('"TableClass":"STANDARD"')]);
  });

  it("is retained, deletion-protected, point-in-time recoverable and encrypted with a rotating customer key", () => {
    const json = base.json("almaty");
    const [[, table] = ["", undefined]] = resourcesOfType(json, "AWS::DynamoDB::GlobalTable");
    expect(table?.DeletionPolicy).toBe("Retain");
    expect(table?.UpdateReplacePolicy).toBe("Retain");
    const replica = (table?.Properties?.Replicas as Record<string, unknown>[] | undefined)?.[0];
    expect(replica).toMatchObject({
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
      SSESpecification: { KMSMasterKeyId: { "Fn::GetAtt": [expect.stringMatching(/^DataKey/), "Arn"] } },
    });
    for (const [id, key] of resourcesOfType(json, "AWS::KMS::Key")) {
      // KMS rotates symmetric keys only (an asymmetric signing key keeps its key pair).
      const symmetric = [undefined, "SYMMETRIC_DEFAULT"].includes(
        key.Properties?.KeySpec as string | undefined,
      );
      if (symmetric) expect(key.Properties?.EnableKeyRotation, id).toBe(true);
      expect(key.DeletionPolicy, id).toBe("Retain");
    }
  });

  it("never keeps point-in-time history longer than the retention", () => {
    const [[, table] = ["", undefined]] = resourcesOfType(
      variant.json("almaty"),
      "AWS::DynamoDB::GlobalTable",
    );
    expect(table?.Properties?.Replicas).toMatchObject([
      { PointInTimeRecoverySpecification: { RecoveryPeriodInDays: 30 } },
    ]);
  });
});

describe("publisher", () => {
  it("builds the event source mapping from publishEventSource", () => {
    const json = base.json("almaty");
    const failureQueue = logicalIdOfQueue(json, "Order195Hub-almaty-stream-failures");
    base.template("almaty").hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^StoreTable"), "StreamArn"] },
      StartingPosition: "TRIM_HORIZON",
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(publishEventSource.filterPattern) }] },
      BatchSize: publishEventSource.batchSize,
      MaximumBatchingWindowInSeconds: publishEventSource.maxBatchingWindowSeconds,
      BisectBatchOnFunctionError: publishEventSource.bisectBatchOnError,
      MaximumRetryAttempts: publishEventSource.retryAttempts,
      MaximumRecordAgeInSeconds: publishEventSource.maxRecordAgeSeconds,
      FunctionResponseTypes: publishEventSource.reportBatchItemFailures ? ["ReportBatchItemFailures"] : [],
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [failureQueue, "Arn"] } } },
    });
  });

  it("retries a failing record until it is as old as the stream keeps records (24 h), never by a count", () => {
    expect(publishEventSource.retryAttempts).toBe(RETRY_UNTIL_MAX_RECORD_AGE);
    base.template("almaty").hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      // Lambda's "infinite": only the record age ends the retries.
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: 24 * 60 * 60,
    });
  });
});

describe("functions", () => {
  it("run arm64 on the newest Node.js runtime with active tracing, own log groups and the envNames", () => {
    const template = base.template("almaty");
    const functions = resourcesOfType(base.json("almaty"), "AWS::Lambda::Function");
    expect(functions).toHaveLength(hubFunctionNames.length);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        TracingConfig: { Mode: "Active" },
        LoggingConfig: { LogFormat: "JSON", LogGroup: { Ref: expect.stringMatching(/LogGroup/) } },
        Environment: {
          Variables: expect.objectContaining({ POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE }),
        },
      });
    }
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: "ingest",
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
          [envNames.deployment]: "almaty",
          [envNames.retentionDays]: "365",
          [envNames.tableName]: { Ref: Match.stringLikeRegexp("^StoreTable") },
          [envNames.webhookSecretArns]: Match.objectLike({ "Fn::Join": Match.anyValue() }),
        },
      },
    });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: "publish",
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
          [envNames.eventBusName]: { Ref: Match.stringLikeRegexp("^EventBus") },
          // Poison records are parked there with their notification id.
          [envNames.failureQueueUrl]: { Ref: Match.stringLikeRegexp("FailureQueue") },
        },
      },
    });
  });

  it("grants the ingest role exactly the DynamoDB calls the store adapter makes (drift guard)", () => {
    const commandsIn = (file: string) =>
      new Set(
        [
          ...readFileSync(new URL(`../../${file}`, import.meta.url), "utf8").matchAll(/new (\w+)Command\(/g),
        ].map((match) => match[1]),
      );
    expect(
      new Set([...commandsIn("shared/adapters/dynamodb/notification-store.ts")].map((c) => `dynamodb:${c}`)),
    ).toEqual(new Set(TABLE_WRITER_ACTIONS));
    expect(commandsIn("shared/adapters/event-publisher.ts")).toEqual(new Set(["PutEvents"]));
    const json = base.json("almaty");
    const ingestPolicy = resourcesOfType(json, "AWS::IAM::Policy").find(([id]) =>
      id.startsWith("IngestRole"),
    );
    const statements =
      (
        ingestPolicy?.[1].Properties?.PolicyDocument as
          | { Statement?: { Action: string | string[] }[] }
          | undefined
      )?.Statement ?? [];
    const dynamodbActions = statements
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) => action.startsWith("dynamodb:"));
    expect(new Set(dynamodbActions)).toEqual(new Set(TABLE_WRITER_ACTIONS));
  });

  it("grants the reports role the store's writes and the quota counter's update on QUOTA# keys only (drift guard)", () => {
    const commandsIn = (file: string) =>
      new Set(
        [
          ...readFileSync(new URL(`../../${file}`, import.meta.url), "utf8").matchAll(/new (\w+)Command\(/g),
        ].map((match) => `dynamodb:${match[1]}`),
      );
    expect(commandsIn("shared/adapters/dynamodb/report-quota.ts")).toEqual(new Set(QUOTA_COUNTER_ACTIONS));
    const json = variant.json("almaty");
    const policy = resourcesOfType(json, "AWS::IAM::Policy").find(([id]) => id.startsWith("ReportsRole"));
    const statements =
      (policy?.[1].Properties?.PolicyDocument as { Statement: Record<string, unknown>[] } | undefined)
        ?.Statement ?? [];
    const dynamodb = statements.filter((statement) =>
      [statement.Action].flat().some((action) => String(action).startsWith("dynamodb:")),
    );
    expect(dynamodb).toEqual([
      {
        Sid: "PutNotifications",
        Effect: "Allow",
        Action: [...TABLE_WRITER_ACTIONS].sort(),
        Resource: expect.anything(),
        Condition: {
          "ForAllValues:StringLike": {
            "dynamodb:LeadingKeys": [`${notificationTable.recordPartitionPrefix}*`],
          },
        },
      },
      expect.objectContaining({
        Action: QUOTA_COUNTER_ACTIONS[0],
        Condition: {
          "ForAllValues:StringLike": {
            "dynamodb:LeadingKeys": [`${notificationTable.quotaPartitionPrefix}*`],
          },
        },
      }),
    ]);
    variant.template("almaty").hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: "reports",
          [envNames.deployment]: "almaty",
          [envNames.retentionDays]: "30",
          [envNames.tableName]: { Ref: Match.stringLikeRegexp("^StoreTable") },
          [envNames.reportsPerUnitPerMinute]: "250",
        },
      },
    });
  });

  it("passes every source's secret ARN in HUB_WEBHOOK_SECRET_ARNS", () => {
    const [, ingest] =
      resourcesOfType(base.json("almaty"), "AWS::Lambda::Function").find(([, fn]) =>
        JSON.stringify(fn.Properties).includes('"ingest"'),
      ) ?? [];
    const joined = JSON.stringify(
      (ingest?.Properties?.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables[
        envNames.webhookSecretArns
      ],
    );
    for (const source of feedSourceIds) {
      expect(joined).toContain(`\\"${source}\\":\\"`);
      expect(joined).toMatch(new RegExp(`WebhookSecrets${source}`));
    }
  });

  it("share one code asset per function across stacks", () => {
    const codeKeys = (deployment: "almaty" | "transport") =>
      resourcesOfType(base.json(deployment), "AWS::Lambda::Function")
        .map(([, fn]) => (fn.Properties?.Code as { S3Key?: string } | undefined)?.S3Key)
        .sort();
    expect(codeKeys("almaty")).toEqual(codeKeys("transport"));
    expect(new Set(codeKeys("almaty")).size).toBe(hubFunctionNames.length);
  });
});

describe("webhook secrets", () => {
  it('generates one {"current": 48 alphanumerics} secret per source, encrypted with the data key', () => {
    const secrets = resourcesOfType(base.json("almaty"), "AWS::SecretsManager::Secret");
    expect(secrets.map(([, secret]) => secret.Properties?.Name).sort()).toEqual(
      feedSourceIds.map((source) => `Order195Hub-almaty/webhook/${source}`).sort(),
    );
    for (const [, secret] of secrets) {
      expect(secret.Properties).toMatchObject({
        KmsKeyId: { "Fn::GetAtt": [expect.stringMatching(/^DataKey/), "Arn"] },
        GenerateSecretString: {
          SecretStringTemplate: "{}",
          GenerateStringKey: GENERATED_KEY_NAME,
          PasswordLength: GENERATED_KEY_LENGTH,
          ExcludePunctuation: true,
          IncludeSpace: false,
        },
      });
      expect(secret.DeletionPolicy).toBe("Retain");
    }
    expect(GENERATED_KEY_LENGTH % 4).toBe(0);
  });
});

describe("webhook secret readers", () => {
  it("denies reading the keys to everyone but the ingest role, and the configured custodians", () => {
    const statement = (hub: SynthesizedHub) =>
      resourcesOfType(hub.json("almaty"), "AWS::SecretsManager::ResourcePolicy").map(
        ([, policy]) =>
          (policy.Properties?.ResourcePolicy as { Statement?: Record<string, unknown>[] } | undefined)
            ?.Statement?.[0],
      );
    for (const found of statement(base)) {
      expect(found).toMatchObject({
        Effect: "Deny",
        Action: "secretsmanager:GetSecretValue",
        Condition: {
          ArnNotEquals: {
            "aws:PrincipalArn": [{ "Fn::GetAtt": [expect.stringMatching(/^IngestRole/), "Arn"] }],
          },
        },
      });
    }
    for (const found of statement(variant)) {
      expect(found).toMatchObject({
        Condition: {
          ArnNotEquals: {
            "aws:PrincipalArn": [expect.anything(), "arn:aws:iam::123456789012:role/hub-key-custodian"],
          },
        },
      });
    }
  });
});

describe("ingest API", () => {
  it("has one POST resource per source and a catch-all, and IAM-authorised POST /v1/reports, a GET per query and GET /v1/audit, all Lambda proxy", () => {
    const json = base.json("almaty");
    const paths = resourcesOfType(json, "AWS::ApiGateway::Resource").map(([, r]) => r.Properties?.PathPart);
    const lastSegment = (path: string) => path.split("/").at(-1);
    expect(paths).toEqual(
      expect.arrayContaining([
        "feeds",
        "reports",
        "v1",
        "{source}",
        ...feedSourceIds,
        ...Object.values(QUERY_PATHS).map(lastSegment),
        lastSegment(AUDIT_PATH),
      ]),
    );
    const methods = resourcesOfType(json, "AWS::ApiGateway::Method").map(([, method]) => method.Properties);
    const feeds = methods.filter((method) => method?.AuthorizationType === "NONE");
    expect(feeds).toHaveLength(feedSourceIds.length + 1);
    for (const method of feeds) expect(method?.HttpMethod).toBe("POST");
    // Every other route is an IAM route (`addIamRoute`): reports, the queries, the audit log, and more.
    const iamRoutes = methods.filter((method) => method?.AuthorizationType === "AWS_IAM");
    expect(iamRoutes.length).toBe(methods.length - feeds.length);
    expect(iamRoutes.length).toBeGreaterThanOrEqual(1 + Object.keys(QUERY_PATHS).length + 1);
    for (const method of methods) {
      expect(method).toMatchObject({
        HttpMethod: expect.stringMatching(/^(GET|POST)$/),
        Integration: { Type: "AWS_PROXY" },
      });
    }
  });

  it("bills per-method metrics only when configured: the alarms and the dashboard read the API's own", () => {
    const catchAll = (hub: SynthesizedHub) =>
      resourcesOfType(hub.json("almaty"), "AWS::ApiGateway::Stage")
        .flatMap(
          ([, stage]) =>
            (stage.Properties?.MethodSettings ?? []) as { HttpMethod?: string; MetricsEnabled?: boolean }[],
        )
        .find((setting) => setting.HttpMethod === "*");
    expect(catchAll(base)?.MetricsEnabled).toBe(false);
    expect(catchAll(variant)?.MetricsEnabled).toBe(true);
  });

  it("throttles the stage and each source from the configuration, the catch-all hard", () => {
    variant.template("almaty").hasResourceProperties("AWS::ApiGateway::Stage", {
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: "*",
          ResourcePath: "/*",
          LoggingLevel: "INFO",
          DataTraceEnabled: false,
        }),
        Match.objectLike({
          HttpMethod: "POST",
          ResourcePath: "/~1v1~1feeds~1{source}",
          ThrottlingRateLimit: UNKNOWN_SOURCE_THROTTLE.rateLimit,
          ThrottlingBurstLimit: UNKNOWN_SOURCE_THROTTLE.burstLimit,
        }),
        Match.objectLike({
          HttpMethod: "POST",
          ResourcePath: "/~1v1~1feeds~1kqp",
          ThrottlingRateLimit: 40,
          ThrottlingBurstLimit: 80,
        }),
      ]),
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
  });

  it("admits each source's path only from its allow-list", () => {
    const policy = resourcesOfType(variant.json("almaty"), "AWS::ApiGateway::RestApi")[0]?.[1].Properties
      ?.Policy;
    expect(policy).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({
          Effect: "Allow",
          Action: "execute-api:Invoke",
          Resource: "execute-api:/*/POST/v1/feeds/*",
          Condition: {
            IpAddress: { "aws:SourceIp": expect.arrayContaining(["10.20.0.0/16", "198.51.100.0/24"]) },
          },
        }),
        expect.objectContaining({
          Effect: "Deny",
          Resource: "execute-api:/*/POST/v1/feeds/kqp",
          Condition: { NotIpAddress: { "aws:SourceIp": ["10.20.0.0/16"] } },
        }),
        expect.objectContaining({
          Effect: "Deny",
          Resource: "execute-api:/*/POST/v1/feeds/bil",
          Condition: { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } },
        }),
      ]),
    });
  });

  it("has POST /v1/reports with IAM authorization, proxied to the reports function and throttled from the configuration", () => {
    const json = variant.json("almaty");
    const reportsFunction = resourcesOfType(json, "AWS::Lambda::Function").find(([, fn]) =>
      JSON.stringify(fn.Properties).includes('"reports"'),
    )?.[0];
    const reportsResource = resourcesOfType(json, "AWS::ApiGateway::Resource").find(
      ([, r]) => r.Properties?.PathPart === "reports",
    )?.[0];
    const methods = resourcesOfType(json, "AWS::ApiGateway::Method").filter(
      ([, m]) => (m.Properties?.ResourceId as { Ref?: string } | undefined)?.Ref === reportsResource,
    );
    expect(methods).toHaveLength(1);
    expect(methods[0]?.[1].Properties).toMatchObject({
      HttpMethod: "POST",
      AuthorizationType: "AWS_IAM",
      Integration: { Type: "AWS_PROXY" },
    });
    expect(JSON.stringify(methods[0]?.[1].Properties?.Integration)).toContain(String(reportsFunction));
    variant.template("almaty").hasResourceProperties("AWS::ApiGateway::Stage", {
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: "POST",
          ResourcePath: `/${REPORTS_PATH.replaceAll("/", "~1")}`,
          ThrottlingRateLimit: 4,
          ThrottlingBurstLimit: 8,
        }),
      ]),
    });
  });

  it("admits POST /v1/reports to the filing units' roles only, and lets each role invoke only that", () => {
    const json = base.json("almaty");
    const onReports = apiPolicyStatements(json).filter((statement) =>
      [statement.Resource].flat().some((resource) => resource.endsWith(`/POST${REPORTS_PATH}`)),
    );
    // The filing roles' identity policies admit them (same account); the resource policy denies the rest.
    expect(onReports).toEqual([
      expect.objectContaining({
        Effect: "Deny",
        Resource: `execute-api:/*/POST${REPORTS_PATH}`,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": filingUnits.map(unitRoleArn) } },
      }),
    ]);
    for (const unit of new Set([...kindsByUnit().keys(), ...filingUnits])) {
      const routes = invokedRoutes(json, unitRoleName("Order195Hub-almaty", unit));
      expect(routes.includes(`/prod/POST${REPORTS_PATH}`), unit).toBe(filingUnits.includes(unit));
    }
  });

  it("rewrites every gateway error into the hub's error body", () => {
    const responses = resourcesOfType(base.json("almaty"), "AWS::ApiGateway::GatewayResponse");
    expect(responses).toHaveLength(gatewayErrors.length);
    for (const error of gatewayErrors) {
      const template = gatewayErrorTemplate(error.code, error.message);
      expect(JSON.parse(template.replaceAll("$context.error.messageString", '"m"'))).toEqual({
        requestId: "$context.requestId",
        error: { code: error.code, message: error.message ?? "m", details: [] },
      });
      base.template("almaty").hasResourceProperties("AWS::ApiGateway::GatewayResponse", {
        ResponseType: error.type.responseType,
        ResponseTemplates: { "application/json": template },
      });
    }
  });

  it("is behind a WAF web ACL with body-size, rate and managed rules", () => {
    const template = base.template("almaty");
    template.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
    template.hasResourceProperties("AWS::WAFv2::WebACL", {
      Scope: "REGIONAL",
      Rules: Match.arrayWith([
        Match.objectLike({ Name: "BodyLargerThanHubLimit", Action: { Block: {} } }),
        Match.objectLike({
          Name: "RateLimitPerSourceIp",
          Statement: { RateBasedStatement: Match.objectLike({ Limit: 6000 }) },
        }),
        Match.objectLike({ Name: "AWSManagedRulesCommonRuleSet" }),
      ]),
    });
    variant.template("almaty").resourceCountIs("AWS::WAFv2::WebACL", 0);
  });

  it("with a custom domain: mutual TLS, base path mapping, and the execute-api endpoint disabled", () => {
    const template = variant.template("almaty");
    template.hasResourceProperties("AWS::ApiGateway::RestApi", { DisableExecuteApiEndpoint: true });
    template.hasResourceProperties("AWS::ApiGateway::DomainName", {
      DomainName: customDomain.domainName,
      RegionalCertificateArn: customDomain.certificateArn,
      SecurityPolicy: "TLS_1_2",
      MutualTlsAuthentication: {
        TruststoreUri: customDomain.truststoreUri,
        TruststoreVersion: customDomain.truststoreVersion,
      },
    });
    template.resourceCountIs("AWS::ApiGateway::BasePathMapping", 1);
    template.resourceCountIs("AWS::ApiGateway::Account", 0);
    base.template("almaty").hasResourceProperties("AWS::ApiGateway::RestApi", {
      DisableExecuteApiEndpoint: false,
    });
  });
});

describe("event bus", () => {
  it("denies PutEvents for any source not in hubEventSources, and to anyone but the hub's producer roles", () => {
    const template = base.template("almaty");
    template.hasResourceProperties("AWS::Events::EventBusPolicy", {
      Statement: Match.objectLike({
        Effect: "Deny",
        Action: "events:PutEvents",
        Condition: { "ForAnyValue:StringNotEquals": { "events:source": hubEventSources } },
      }),
    });
    template.hasResourceProperties("AWS::Events::EventBusPolicy", {
      Statement: Match.objectLike({
        Effect: "Deny",
        Action: "events:PutEvents",
        Principal: { AWS: "*" },
        Condition: {
          ArnNotEquals: {
            "aws:PrincipalArn": [
              { "Fn::GetAtt": [Match.stringLikeRegexp("^PublisherPublishRole"), "Arn"] },
              { "Fn::GetAtt": [Match.stringLikeRegexp("^RepublisherRole"), "Arn"] },
            ],
          },
        },
      }),
    });
  });

  it("archives every hub event for the retention period, encrypted with the data key, which admits EventBridge for it", () => {
    const template = base.template("almaty");
    const archives = template.findResources("AWS::Events::Archive", {
      Properties: {
        EventPattern: { source: hubEventSources },
        RetentionDays: 365,
        KmsKeyIdentifier: { "Fn::GetAtt": [Match.stringLikeRegexp("^DataKey"), "Arn"] },
      },
    });
    // The logical id the archive has always had: a new one would replace it and lose the archived events.
    expect(Object.keys(archives)).toEqual(["EventBusArchive5B309695"]);
    const [, dataKey] =
      resourcesOfType(base.json("almaty"), "AWS::KMS::Key").find(([id]) => id.startsWith("DataKey")) ?? [];
    const keyPolicy = dataKey?.Properties?.KeyPolicy as { Statement: Record<string, unknown>[] } | undefined;
    const statements = keyPolicy?.Statement ?? [];
    const forArchive = statements.find(
      (statement) =>
        JSON.stringify(statement.Principal) === JSON.stringify({ Service: "events.amazonaws.com" }) &&
        [statement.Action].flat().includes("kms:ReEncrypt*"),
    );
    expect(forArchive).toMatchObject({
      Effect: "Allow",
      Action: expect.arrayContaining(["kms:Decrypt", "kms:GenerateDataKey"]),
    });
    // Only for this bus's events: the encryption context names the bus (by its literal ARN).
    expect(
      JSON.stringify(
        (forArchive?.Condition as Record<string, Record<string, unknown>> | undefined)?.StringEquals?.[
          "kms:EncryptionContext:aws:events:event-bus:arn"
        ],
      ),
    ).toMatch(/:event-bus\/Order195Hub-almaty"/);
    variant.template("almaty").hasResourceProperties("AWS::Events::Archive", { RetentionDays: 30 });
  });

  it("writes identifiers only to the audit log: never the notification and its personal data", () => {
    const [, audit] =
      resourcesOfType(base.json("almaty"), "AWS::Events::Rule").find(([, rule]) =>
        String(rule.Properties?.Name).endsWith("-audit"),
      ) ?? [];
    const targets = (audit?.Properties?.Targets ?? []) as {
      InputTransformer?: { InputPathsMap: Record<string, string> };
    }[];
    const transformer = targets[0]?.InputTransformer;

    const paths = Object.values(transformer?.InputPathsMap ?? {});
    expect(paths.length).toBeGreaterThan(0);
    expect(paths).not.toContain("$.detail");
    expect(paths.filter((path) => path.startsWith("$.detail.")).sort()).toEqual([
      "$.detail.id",
      "$.detail.region",
      "$.detail.upstream.recordId",
    ]);
  });

  it("sends every hub event to the audit log group, which only that rule may write", () => {
    const template = base.template("almaty");
    template.hasResourceProperties("AWS::Events::Rule", {
      Name: "Order195Hub-almaty-audit",
      EventPattern: { source: hubEventSources },
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.anyValue() })],
    });
    template.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: "/order195hub/Order195Hub-almaty/audit",
      RetentionInDays: 365,
      KmsKeyId: Match.anyValue(),
      ResourcePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: "events.amazonaws.com" },
            Condition: { ArnEquals: { "aws:SourceArn": Match.anyValue() } },
          }),
        ],
      },
    });
  });
});

describe("audit store", () => {
  const auditTableOf = (hub: SynthesizedHub) => {
    const found = resourcesOfType(hub.json("almaty"), "AWS::DynamoDB::GlobalTable").find(([id]) =>
      id.startsWith("AuditStoreTable"),
    );
    if (found === undefined) throw new Error("no audit table");
    return found;
  };

  it("derives keys, indexes (projecting ALL) and TTL from the audit key design; no stream", () => {
    const { partitionKey, sortKey, timeToLiveAttribute, indexes } = auditTable;
    const [, table] = auditTableOf(base);
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: partitionKey, KeyType: "HASH" },
        { AttributeName: sortKey, KeyType: "RANGE" },
      ],
      AttributeDefinitions: auditKeyAttributeNames.map((name) => ({
        AttributeName: name,
        AttributeType: "S",
      })),
      GlobalSecondaryIndexes: Object.values(indexes).map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
      TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
      BillingMode: "PAY_PER_REQUEST",
      SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
    });
    expect(table.Properties?.StreamSpecification).toBeUndefined();
  });

  it("is retained, deletion-protected, recoverable for at most the audit retention, encrypted with the data key", () => {
    for (const [hub, recoveryDays] of [
      [base, 35],
      [variant, 30],
    ] as const) {
      const [, table] = auditTableOf(hub);
      expect(table.DeletionPolicy).toBe("Retain");
      expect(table.UpdateReplacePolicy).toBe("Retain");
      expect(table.Properties?.Replicas).toEqual([
        expect.objectContaining({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: {
            PointInTimeRecoveryEnabled: true,
            RecoveryPeriodInDays: recoveryDays,
          },
          SSESpecification: { KMSMasterKeyId: { "Fn::GetAtt": [expect.stringMatching(/^DataKey/), "Arn"] } },
        }),
      ]);
    }
  });

  it("outputs the audit table's name and the auditor role's ARN", () => {
    const outputs = base.json("almaty").Outputs ?? {};
    expect(outputs.AuditTableName?.Value).toEqual({ Ref: auditTableOf(base)[0] });
    expect(outputs.AuditorRoleArn?.Value).toEqual({
      "Fn::GetAtt": [logicalIdOfRole(base.json("almaty"), auditorRoleName("Order195Hub-almaty")), "Arn"],
    });
  });
});

describe("queries and audit functions", () => {
  const policyStatementsOf = (template: CfnTemplate, rolePrefix: string) => {
    const found = resourcesOfType(template, "AWS::IAM::Policy").find(([id]) => id.startsWith(rolePrefix));
    return (
      (found?.[1].Properties?.PolicyDocument as { Statement: Record<string, unknown>[] } | undefined)
        ?.Statement ?? []
    );
  };
  const dynamodbStatements = (template: CfnTemplate, rolePrefix: string) =>
    policyStatementsOf(template, rolePrefix).filter((statement) =>
      [statement.Action].flat().some((action) => String(action).startsWith("dynamodb:")),
    );
  const tableArn = (prefix: string) => ({ "Fn::GetAtt": [expect.stringMatching(prefix), "Arn"] });
  /** Actions as a policy statement renders them: one as a string, several sorted. */
  const rendered = (actions: readonly string[]) => (actions.length === 1 ? actions[0] : [...actions].sort());
  const commandsIn = (file: string) =>
    new Set(
      [
        ...readFileSync(new URL(`../../shared/adapters/dynamodb/${file}`, import.meta.url), "utf8").matchAll(
          /new (\w+)Command\(/g,
        ),
      ].map((match) => `dynamodb:${match[1]}`),
    );

  it("grant exactly the DynamoDB calls the queries' and the audit log's adapters make (drift guard)", () => {
    const queryReads = ["query-reads.ts", "kind-period-index.ts", "batch-get-notifications.ts"].flatMap(
      (file) => [...commandsIn(file)],
    );
    expect(new Set(queryReads)).toEqual(
      new Set([...NOTIFICATION_READER_ACTIONS.indexes, ...NOTIFICATION_READER_ACTIONS.items]),
    );
    expect(commandsIn("audit-log.ts")).toEqual(
      new Set([
        "dynamodb:TransactWriteItems",
        ...AUDIT_READER_ACTIONS.indexes,
        ...AUDIT_READER_ACTIONS.items,
      ]),
    );
    // The transaction is made of Puts only (IAM authorises each as PutItem): no update, delete or check.
    const auditLog = readFileSync(
      new URL("../../shared/adapters/dynamodb/audit-log.ts", import.meta.url),
      "utf8",
    );
    expect(auditLog).toMatch(/TransactItems:[\s\S]*\bPut: \{/);
    expect(auditLog).not.toMatch(/\b(Update|Delete|ConditionCheck): \{/);
    expect(AUDIT_WRITER_ACTIONS).toEqual(["dynamodb:PutItem"]);
  });
  const indexArn = (prefix: string, index: string) => ({
    "Fn::Join": ["", [tableArn(prefix), `/index/${index}`]],
  });

  it("set the deployment, the tables and the audit retention by their envNames", () => {
    const template = variant.template("almaty");
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: "queries",
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
          [envNames.deployment]: "almaty",
          [envNames.retentionDays]: "30",
          [envNames.tableName]: { Ref: Match.stringLikeRegexp("^StoreTable") },
          [envNames.auditTableName]: { Ref: Match.stringLikeRegexp("^AuditStoreTable") },
          [envNames.auditRetentionDays]: "30",
        },
      },
    });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: "audit",
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
          [envNames.deployment]: "almaty",
          [envNames.retentionDays]: "30",
          [envNames.auditTableName]: { Ref: Match.stringLikeRegexp("^AuditStoreTable") },
        },
      },
    });
    base.template("almaty").hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: Match.objectLike({
          POWERTOOLS_SERVICE_NAME: "queries",
          [envNames.auditRetentionDays]: String(AUDIT_RETENTION_DAYS.default),
        }),
      },
    });
  });

  it("grant the queries role reads of the notification indexes and items, and new audit records only", () => {
    expect(dynamodbStatements(base.json("almaty"), "QueriesRole")).toEqual([
      {
        Sid: "QueryNotificationIndexes",
        Effect: "Allow",
        Action: rendered(NOTIFICATION_READER_ACTIONS.indexes),
        Resource: [...QUERIED_NOTIFICATION_INDEXES].sort().map((index) => indexArn("^StoreTable", index)),
      },
      {
        Sid: "ReadNotifications",
        Effect: "Allow",
        Action: rendered(NOTIFICATION_READER_ACTIONS.items),
        Resource: tableArn("^StoreTable"),
      },
      {
        Sid: "AddAuditRecords",
        Effect: "Allow",
        Action: rendered(AUDIT_WRITER_ACTIONS),
        Resource: tableArn("^AuditStoreTable"),
        Condition: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${auditTable.partitionPrefix}*`] },
        },
      },
    ]);
  });

  it("grant the audit role reads of the audit indexes and records only", () => {
    expect(dynamodbStatements(base.json("almaty"), "AuditRole")).toEqual([
      {
        Sid: "QueryAuditIndexes",
        Effect: "Allow",
        Action: rendered(AUDIT_READER_ACTIONS.indexes),
        Resource: Object.values(auditTable.indexes)
          .map((index) => index.indexName)
          .sort()
          .map((index) => indexArn("^AuditStoreTable", index)),
      },
      {
        Sid: "ReadAuditRecords",
        Effect: "Allow",
        Action: rendered(AUDIT_READER_ACTIONS.items),
        Resource: tableArn("^AuditStoreTable"),
      },
    ]);
  });

  it("have GET routes with IAM authorization, proxied to their function and throttled from the configuration", () => {
    const json = variant.json("almaty");
    const functionOf = (service: string) =>
      resourcesOfType(json, "AWS::Lambda::Function").find(([, fn]) =>
        JSON.stringify(fn.Properties).includes(`"POWERTOOLS_SERVICE_NAME":"${service}"`),
      )?.[0];
    const routes = [
      ...Object.values(QUERY_PATHS).map((path) => ({ path, service: "queries", throttle: [3, 6] })),
      { path: AUDIT_PATH, service: "audit", throttle: [1, 2] },
    ];
    for (const { path, service, throttle } of routes) {
      const resource = resourcesOfType(json, "AWS::ApiGateway::Resource").find(
        ([, r]) => r.Properties?.PathPart === path.split("/").at(-1),
      )?.[0];
      const methods = resourcesOfType(json, "AWS::ApiGateway::Method").filter(
        ([, m]) => (m.Properties?.ResourceId as { Ref?: string } | undefined)?.Ref === resource,
      );
      expect(methods, path).toHaveLength(1);
      expect(methods[0]?.[1].Properties).toMatchObject({
        HttpMethod: "GET",
        AuthorizationType: "AWS_IAM",
        Integration: { Type: "AWS_PROXY" },
      });
      expect(JSON.stringify(methods[0]?.[1].Properties?.Integration)).toContain(String(functionOf(service)));
      variant.template("almaty").hasResourceProperties("AWS::ApiGateway::Stage", {
        MethodSettings: Match.arrayWith([
          {
            HttpMethod: "GET",
            ResourcePath: `/${path.replaceAll("/", "~1")}`,
            ThrottlingRateLimit: throttle[0],
            ThrottlingBurstLimit: throttle[1],
          },
        ]),
      });
    }
  });

  it("admit the query routes to every unit role of the deployment, GET /v1/audit to the auditor role only", () => {
    const json = base.json("almaty");
    const unitsWithRoles = [...(base.stacks.get("almaty")?.units.roles.keys() ?? [])];
    expect(unitsWithRoles.length).toBeGreaterThan(filingUnits.length);
    const queryRoutes = (stage: string) =>
      Object.values(QUERY_PATHS).map((path) => `execute-api:/${stage}/GET${path}`);
    const auditorArn = {
      "Fn::Join": [
        "",
        ["arn:aws:iam::", { Ref: "AWS::AccountId" }, `:role/${auditorRoleName("Order195Hub-almaty")}`],
      ],
    };
    const statements = apiPolicyStatements(json);
    // The callers' identity policies admit them (same account): the resource policy only denies.
    expect(statements.filter((statement) => statement.Condition?.ArnEquals !== undefined)).toEqual([]);
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: "Deny",
          Resource: expect.arrayContaining(queryRoutes("*")),
          Condition: { ArnNotEquals: { "aws:PrincipalArn": unitsWithRoles.map(unitRoleArn) } },
        }),
        expect.objectContaining({
          Effect: "Deny",
          Resource: `execute-api:/*/GET${AUDIT_PATH}`,
          Condition: { ArnNotEquals: { "aws:PrincipalArn": [auditorArn] } },
        }),
      ]),
    );
    for (const unit of unitsWithRoles) {
      expect(invokedRoutes(json, unitRoleName("Order195Hub-almaty", unit))).toEqual(
        expect.arrayContaining(Object.values(QUERY_PATHS).map((path) => `/${STAGE_NAME}/GET${path}`)),
      );
    }
    expect(invokedRoutes(json, auditorRoleName("Order195Hub-almaty"))).toEqual([
      `/${STAGE_NAME}/GET${AUDIT_PATH}`,
    ]);
  });

  it("keep the API's resource policy within API Gateway's 8,192 characters for the longest hub name", () => {
    const longest = [...deploymentIds].sort((a, b) => b.length - a.length)[0] ?? "";
    const world = cfnWorld(base.json("almaty"));
    const [apiId = ""] = world.ids("AWS::ApiGateway::RestApi");
    const policy = JSON.stringify(world.restApiPolicy(apiId)).replaceAll(
      hubNameOf("almaty"),
      hubNameOf(longest),
    );
    console.log(`API resource policy: ${policy.length} characters with hub name ${hubNameOf(longest)}`);
    expect(policy.length).toBeLessThan(8192);
  });

  it("give the auditor a role of its own, assumed by the configured auditors, else the deployment account", () => {
    variant.template("almaty").hasResourceProperties("AWS::IAM::Role", {
      RoleName: auditorRoleName("Order195Hub-almaty"),
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: "sts:AssumeRole",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::210987654321:role/internal-audit" },
          },
        ],
      },
    });
    const [, auditor] =
      resourcesOfType(base.json("almaty"), "AWS::IAM::Role").find(
        ([, role]) => role.Properties?.RoleName === auditorRoleName("Order195Hub-almaty"),
      ) ?? [];
    expect(JSON.stringify(auditor?.Properties?.AssumeRolePolicyDocument)).toMatch(/:root"/);
    expect(auditor?.Properties?.ManagedPolicyArns).toBeUndefined();
  });
});

describe("observability", () => {
  it("alarms on every dead-letter queue, every function's errors and throttles, API 5XX, iterator age, publishFailed, auditWriteFailed, unit queue age and per source on signatures and keys", () => {
    const json = base.json("almaty");
    const alarms = alarmsOf(json);
    const units = [...kindsByUnit().keys()] as UnitId[];
    expect([...alarms.keys()]).toEqual(
      expect.arrayContaining([
        ...units.map((unit) => `unit-${unit}-dlq`),
        "stream-failures",
        "bus-dlq",
        "alarm-topic-dlq",
        ...hubFunctionNames.flatMap((name) => [`${name}-errors`, `${name}-throttles`]),
        "api-5xx",
        "stream-iterator-age",
        "publish-failed",
        "audit-write-failed",
        ...units.map((unit) => `unit-${unit}-oldest-message`),
        ...feedSourceIds.map((source) => `signature-failures-${source}`),
        "webhook-key-ignored",
      ]),
    );
    // Every queue that is the last stop (no redrive of its own) has an alarm on its depth.
    const watchedQueues = [...alarms.values()]
      .filter((alarm) => alarm.MetricName === "ApproximateNumberOfMessagesVisible")
      .map((alarm) => JSON.stringify(alarm.Dimensions));
    const lastStops = resourcesOfType(json, "AWS::SQS::Queue").filter(
      ([, q]) => !q.Properties?.RedrivePolicy,
    );
    for (const [id] of lastStops) {
      expect(
        watchedQueues.filter((dimensions) => dimensions.includes(`"${id}"`)),
        `${id} depth alarm`,
      ).toHaveLength(1);
    }
    expect(alarms.get("publish-failed")).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: "publishFailed",
      Dimensions: [{ Name: "service", Value: "publish" }],
      Threshold: 0,
    });
    expect(alarms.get("audit-write-failed")).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: metricNames.auditWriteFailed,
      Dimensions: [{ Name: "service", Value: "queries" }],
      Statistic: "Sum",
      Threshold: 0,
    });
    expect(alarms.get("stream-iterator-age")).toMatchObject({
      MetricName: "IteratorAge",
      Threshold: ITERATOR_AGE_THRESHOLD.toMilliseconds(),
    });
    // Missing data is fine, except for the heartbeats of scheduled work: no data there means it stopped.
    const heartbeats = ["checkpoint-lag", "receipt-check-lag"];
    for (const [id, alarm] of alarms) {
      expect(alarm.AlarmActions, id).toHaveLength(1);
      expect(alarm.TreatMissingData, id).toBe(heartbeats.includes(id) ? "breaching" : "notBreaching");
    }
  });

  it("alarms when a unit queue's oldest message is older than the configured hours (default 24)", () => {
    for (const [hub, hours] of [
      [base, 24],
      [variant, 6],
    ] as const) {
      const json = hub.json("almaty");
      for (const unit of kindsByUnit().keys()) {
        const queue = logicalIdOfQueue(json, `Order195Hub-almaty-${unit}`);
        expect(alarmsOf(json).get(`unit-${unit}-oldest-message`)).toMatchObject({
          Namespace: "AWS/SQS",
          MetricName: "ApproximateAgeOfOldestMessage",
          Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queue, "QueueName"] } }],
          Statistic: "Maximum",
          ComparisonOperator: "GreaterThanThreshold",
          Threshold: hours * 60 * 60,
        });
      }
    }
    expect(defaultDeploymentConfig("almaty").alarms.unitQueueAgeHours).toBe(24);
  });

  it("alarms per feed source on signature failures (configured threshold), and once on any ignored webhook key", () => {
    for (const [hub, signatureThreshold] of [
      [base, 0],
      [variant, 3],
    ] as const) {
      const alarms = alarmsOf(hub.json("almaty"));
      for (const source of feedSourceIds) {
        const dimensions = [
          { Name: "service", Value: "ingest" },
          { Name: metricDimensions.source, Value: source },
        ];
        expect(alarms.get(`signature-failures-${source}`)).toMatchObject({
          Namespace: METRICS_NAMESPACE,
          MetricName: metricNames.signatureFailures,
          Dimensions: dimensions,
          Statistic: "Sum",
          Period: 300,
          Threshold: signatureThreshold,
        });
      }
      expect(alarms.get("webhook-key-ignored")).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        MetricName: metricNames.webhookKeyIgnored,
        Dimensions: [{ Name: "service", Value: "ingest" }],
        Threshold: 0,
      });
    }
  });

  it("points every alarm at its section of docs/alarms.md", () => {
    const doc = readFileSync(new URL("../../docs/alarms.md", import.meta.url), "utf8");
    const anchors = new Set([...doc.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1]));
    for (const [id, alarm] of alarmsOf(base.json("almaty"))) {
      // A description naming a queue is an `Fn::Join`: search its JSON.
      const anchor = /See docs\/alarms\.md#([\w-]+)\./.exec(JSON.stringify(alarm.AlarmDescription))?.[1];
      expect(anchors.has(anchor), `${id} → #${anchor}`).toBe(true);
    }
  });

  it("notifies an encrypted, TLS-only topic with the alarm e-mail and a dashboard", () => {
    const template = base.template("almaty");
    template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "order195-hub-alarms+almaty@example.com",
      RedrivePolicy: Match.anyValue(),
    });
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  });
});

describe("stack", () => {
  it("is named per deployment, termination-protected, and placed in the configured region", () => {
    const stack = base.stacks.get("transport");
    expect(stack?.stackName).toBe("Order195Hub-transport");
    expect(stack?.terminationProtection).toBe(true);
    expect(stack?.region).toBe("eu-central-1");
    expect(variant.stacks.get("almaty")?.region).toBe("eu-west-1");
    expect(variant.stacks.get("almaty")?.account).toBe("123456789012");
  });

  it("outputs the API URL and the secret ARNs", () => {
    const outputs = base.json("almaty").Outputs ?? {};
    expect(outputs.ApiUrl).toBeDefined();
    for (const source of feedSourceIds)
      expect(outputs[`WebhookSecret${pascalCase(source)}Arn`]).toBeDefined();
    expect(variant.json("almaty").Outputs?.ApiUrl?.Value).toBe(`https://${customDomain.domainName}/`);
  });
});

function logicalIdOfQueue(template: CfnTemplate, queueName: string): string {
  const found = resourcesOfType(template, "AWS::SQS::Queue").find(
    ([, q]) => q.Properties?.QueueName === queueName,
  );
  if (found === undefined) throw new Error(`no queue ${queueName}`);
  return found[0];
}

/** Alarm id (the name without `Order195Hub-almaty-`) → properties. */
function alarmsOf(template: CfnTemplate): Map<string, Record<string, unknown>> {
  return new Map(
    resourcesOfType(template, "AWS::CloudWatch::Alarm").map(([, alarm]) => [
      String(alarm.Properties?.AlarmName).replace("Order195Hub-almaty-", ""),
      alarm.Properties ?? {},
    ]),
  );
}

interface ApiPolicyStatement {
  readonly Effect: string;
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of the API's resource policy (unresolved: role ARNs are `Fn::Join`s). */
function apiPolicyStatements(template: CfnTemplate): ApiPolicyStatement[] {
  const [[, api] = ["", undefined]] = resourcesOfType(template, "AWS::ApiGateway::RestApi");
  return (api?.Properties?.Policy as { Statement: ApiPolicyStatement[] } | undefined)?.Statement ?? [];
}

/** A unit role's ARN as the API's resource policy spells it (from its name, in the stack's account). */
function unitRoleArn(unit: string): unknown {
  return {
    "Fn::Join": [
      "",
      ["arn:aws:iam::", { Ref: "AWS::AccountId" }, `:role/${unitRoleName("Order195Hub-almaty", unit)}`],
    ],
  };
}

/** The routes (`/prod/GET/v1/persons`) a role's identity policy lets it invoke, sorted. */
function invokedRoutes(template: CfnTemplate, roleName: string): string[] {
  const role = logicalIdOfRole(template, roleName);
  return resourcesOfType(template, "AWS::IAM::Policy")
    .filter(([, policy]) => JSON.stringify(policy.Properties?.Roles).includes(role))
    .flatMap(
      ([, policy]) =>
        (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] } | undefined)
          ?.Statement ?? [],
    )
    .filter((statement) => statement.Action === "execute-api:Invoke")
    .flatMap((statement) => [statement.Resource].flat())
    .map((resource) => {
      const parts = (resource as { "Fn::Join": [string, unknown[]] })["Fn::Join"][1];
      return String(parts.at(-1));
    })
    .sort();
}

function logicalIdOfRole(template: CfnTemplate, roleName: string): string {
  const found = resourcesOfType(template, "AWS::IAM::Role").find(
    ([, r]) => r.Properties?.RoleName === roleName,
  );
  if (found === undefined) throw new Error(`no role ${roleName}`);
  return found[0];
}
