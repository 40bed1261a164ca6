/**
 * Alarms, the topic they notify and the deployment's dashboard. Every alarm is described in
 * docs/alarms.md (what it means, what to do); its name is `<prefix>-<id>` with the ids below.
 */
import { Duration, Stack } from "aws-cdk-lib";
import type * as apigw from "aws-cdk-lib/aws-apigateway";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { FeedSourceId } from "../../shared/domain/catalogue/index.ts";
import { type HubFunctionName, hubFunctionNames } from "../../shared/wiring/functions.ts";
import { METRICS_NAMESPACE, metricDimensions, metricNames } from "../../shared/wiring/metrics.ts";
import type { AlarmsConfig } from "../config/schema.ts";
import { hubQueue, restrictSenders } from "./queues.ts";

/** Iterator age above this means the publish function has fallen behind the table. */
export const ITERATOR_AGE_THRESHOLD = Duration.minutes(5);

export interface ObservedQueue {
  /** Alarm id part, e.g. `unit-imc-dlq`. */
  readonly id: string;
  readonly queue: sqs.IQueue;
  readonly description: string;
}

export interface ObservedDeadLetterQueue extends ObservedQueue {
  /** Its section in docs/alarms.md, e.g. `unit-dlq` for every unit's. */
  readonly section: string;
}

/** One of the hub's own metrics (of one function, and one more dimension if given), summed over 5 minutes. */
function hubMetric(
  metricName: string,
  service: HubFunctionName,
  dimensions: Readonly<Record<string, string>> = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service, ...dimensions },
    period: Duration.minutes(5),
    statistic: cloudwatch.Stats.SUM,
  });
}

/** A metric of the ingest function for one feed source. */
function sourceMetric(metricName: string, source: FeedSourceId): cloudwatch.Metric {
  return hubMetric(metricName, "ingest", { [metricDimensions.source]: source });
}

export interface HubObservabilityProps {
  /** Alarm, topic and dashboard names start with it. */
  readonly namePrefix: string;
  readonly alarmEmail: string;
  readonly encryptionKey: kms.IKey;
  readonly api: apigw.RestApi;
  /** Every function of the hub: an errors and a throttles alarm each, and the dashboard. */
  readonly functions: Readonly<Record<HubFunctionName, lambda.IFunction>>;
  /** Every dead-letter queue of the stack: each gets an alarm on depth > 0. */
  readonly deadLetterQueues: readonly ObservedDeadLetterQueue[];
  /** The unit queues: an alarm each on the age of the oldest message, and the dashboard. */
  readonly unitQueues: readonly ObservedQueue[];
  /** The feed sources: an alarm each on signature failures. */
  readonly feedSources: readonly FeedSourceId[];
  readonly thresholds: AlarmsConfig;
}

export class HubObservability extends Construct {
  public readonly topic: sns.Topic;
  /** Undeliverable alarm e-mails (the topic's own dead-letter queue). */
  public readonly topicDeadLetterQueue: sqs.Queue;
  public readonly alarms: ReadonlyMap<string, cloudwatch.Alarm>;
  public readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: HubObservabilityProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const topicName = `${props.namePrefix}-alarms`;
    const topicArn = stack.formatArn({ service: "sns", resource: topicName });
    props.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowCloudWatchAlarmsToPublish",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
      }),
    );
    props.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowAlarmTopicToDeadLetter",
        principals: [new iam.ServicePrincipal("sns.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
        conditions: { ArnEquals: { "aws:SourceArn": topicArn } },
      }),
    );
    this.topic = new sns.Topic(this, "AlarmTopic", {
      topicName,
      displayName: `Order 195 hub alarms (${props.namePrefix})`,
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    this.topicDeadLetterQueue = hubQueue(this, "AlarmTopicDeadLetterQueue", {
      queueName: `${topicName}-dlq`,
      encryptionKey: props.encryptionKey,
      deadLetterFor: "the alarm topic's e-mail subscription",
      via: "service",
    });
    this.topic.addSubscription(
      new subscriptions.EmailSubscription(props.alarmEmail, { deadLetterQueue: this.topicDeadLetterQueue }),
    );
    // The subscription added the SNS delivery statement; nothing else may send.
    restrictSenders(this.topicDeadLetterQueue, {
      deliveries: { service: "sns.amazonaws.com", sourceArns: [topicArn] },
    });

    const alarms = new Map<string, cloudwatch.Alarm>();
    /** `section`: the anchor in docs/alarms.md, shared by the alarms of one kind (one per unit or source). */
    const alarm = (
      alarmId: string,
      description: string,
      metric: cloudwatch.IMetric,
      threshold = 0,
      section = alarmId,
    ) => {
      const created = new cloudwatch.Alarm(this, `Alarm-${alarmId}`, {
        alarmName: `${props.namePrefix}-${alarmId}`,
        alarmDescription: `${description} See docs/alarms.md#${section}.`,
        metric,
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      created.addOkAction(new actions.SnsAction(this.topic));
      alarms.set(alarmId, created);
    };

    const deadLetters = [
      ...props.deadLetterQueues,
      {
        id: "alarm-topic-dlq",
        section: "alarm-topic-dlq",
        queue: this.topicDeadLetterQueue,
        description: "Alarm e-mails could not be delivered.",
      },
    ];
    for (const dlq of deadLetters) {
      alarm(
        dlq.id,
        `${dlq.description} Messages are waiting in ${dlq.queue.queueName}.`,
        dlq.queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        0,
        dlq.section,
      );
    }
    // A message no one receives is deleted by SQS after 14 days, and never reaches the dead-letter queue.
    const unreadAfter = Duration.hours(props.thresholds.unitQueueAgeHours);
    for (const unit of props.unitQueues) {
      alarm(
        `unit-${unit.id}-oldest-message`,
        `The oldest message for ${unit.id} has waited more than ${unreadAfter.toHours()} hours: the unit is not reading its queue.`,
        unit.queue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(5),
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        unreadAfter.toSeconds(),
        "unit-oldest-message",
      );
    }
    for (const source of props.feedSources) {
      alarm(
        `signature-failures-${source}`,
        `Requests from ${source} were refused with 401: their webhook signature did not verify.`,
        sourceMetric(metricNames.signatureFailures, source),
        props.thresholds.signatureFailuresPer5Minutes,
        "signature-failures",
      );
    }
    // One alarm for every source: a misconfigured secret, not an attack; the warning names the source.
    const webhookKeyIgnored = hubMetric(metricNames.webhookKeyIgnored, "ingest");
    alarm(
      "webhook-key-ignored",
      "A webhook secret holds a value that is not an acceptable key; the ingest function ignores it (its warning names the source).",
      webhookKeyIgnored,
    );
    for (const name of hubFunctionNames) {
      const fn = props.functions[name];
      alarm(
        `${name}-errors`,
        `The ${name} function failed (crash, timeout or bad configuration at cold start).`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      );
      alarm(
        `${name}-throttles`,
        `The ${name} function was throttled (no concurrency left).`,
        fn.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      );
    }
    alarm(
      "api-5xx",
      "The ingest API answered 5XX: upstream systems must resend.",
      props.api.metricServerError({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
    );
    alarm(
      "stream-iterator-age",
      `The publish function is more than ${ITERATOR_AGE_THRESHOLD.toMinutes()} minutes behind the table stream.`,
      props.functions.publish.metric("IteratorAge", {
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      ITERATOR_AGE_THRESHOLD.toMilliseconds(),
    );
    const publishFailed = hubMetric(metricNames.publishFailed, "publish");
    alarm(
      "publish-failed",
      "EventBridge did not accept some events (they are retried by the stream).",
      publishFailed,
    );
    alarm(
      "audit-write-failed",
      "The queries function could not write audit records: those queries failed unanswered (no read goes unaudited).",
      hubMetric(metricNames.auditWriteFailed, "queries"),
    );
    this.alarms = alarms;

    this.dashboard = this.buildDashboard(props, { publishFailed, webhookKeyIgnored });
  }

  private buildDashboard(
    props: HubObservabilityProps,
    alarmed: { publishFailed: cloudwatch.Metric; webhookKeyIgnored: cloudwatch.Metric },
  ): cloudwatch.Dashboard {
    const period = Duration.minutes(5);
    const sum = cloudwatch.Stats.SUM;
    const dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: props.namePrefix,
      defaultInterval: Duration.hours(24),
    });
    const width = 8;
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: "Alarms",
        alarms: [...this.alarms.values()],
        width: 24,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Ingest API requests",
        width,
        left: [
          props.api.metricCount({ period, statistic: sum }),
          props.api.metricClientError({ period, statistic: sum }),
          props.api.metricServerError({ period, statistic: sum }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: "Ingest API latency (p99)",
        width,
        left: [
          props.api.metricLatency({ period, statistic: "p99" }),
          props.api.metricIntegrationLatency({ period, statistic: "p99" }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: "Records and reports: accepted, duplicates, published, publish failed",
        width,
        left: [
          hubMetric(metricNames.accepted, "ingest"),
          hubMetric(metricNames.duplicates, "ingest"),
          hubMetric(metricNames.accepted, "reports"),
          hubMetric(metricNames.duplicates, "reports"),
          hubMetric(metricNames.published, "publish"),
          alarmed.publishFailed,
        ],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Ingest and reports: duration in the function (p99, ms)",
        width,
        left: (["ingest", "reports"] as const).map((name) =>
          props.functions[name].metricDuration({ period, statistic: "p99", label: name }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: "Functions: errors and throttles",
        width,
        left: hubFunctionNames.flatMap((name) => [
          props.functions[name].metricErrors({ period, statistic: sum, label: `${name} errors` }),
          props.functions[name].metricThrottles({ period, statistic: sum, label: `${name} throttles` }),
        ]),
      }),
      new cloudwatch.GraphWidget({
        title: "Stream iterator age (max, ms)",
        width,
        left: [
          props.functions.publish.metric("IteratorAge", { period, statistic: cloudwatch.Stats.MAXIMUM }),
        ],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Queries and audit: duration (p99, ms)",
        width,
        left: (["queries", "audit"] as const).map((name) =>
          props.functions[name].metricDuration({ period, statistic: "p99", label: name }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: "Queries and audit: invocations",
        width,
        left: (["queries", "audit"] as const).map((name) =>
          props.functions[name].metricInvocations({ period, statistic: sum, label: name }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: "Audit records not written (queries failed unanswered)",
        width,
        left: [hubMetric(metricNames.auditWriteFailed, "queries")],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Unit queues: messages waiting",
        width: 12,
        left: props.unitQueues.map((q) =>
          q.queue.metricApproximateNumberOfMessagesVisible({
            period,
            statistic: cloudwatch.Stats.MAXIMUM,
            label: q.id,
          }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: "Unit queues: age of the oldest message (s)",
        width: 12,
        left: props.unitQueues.map((q) =>
          q.queue.metricApproximateAgeOfOldestMessage({
            period,
            statistic: cloudwatch.Stats.MAXIMUM,
            label: q.id,
          }),
        ),
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Dead-letter queues: messages waiting",
        width: 24,
        left: props.deadLetterQueues.map((q) =>
          q.queue.metricApproximateNumberOfMessagesVisible({
            period,
            statistic: cloudwatch.Stats.MAXIMUM,
            label: q.id,
          }),
        ),
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Signature failures (401) by source",
        width,
        left: props.feedSources.map((source) =>
          sourceMetric(metricNames.signatureFailures, source).with({ label: source }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: "Ignored webhook keys (all sources)",
        width,
        left: [alarmed.webhookKeyIgnored],
      }),
      new cloudwatch.GraphWidget({
        title: "Receipts escalated to kpd; records left out of checkpoints",
        width,
        left: [
          hubMetric(metricNames.receiptsEscalated, "receipt-checker"),
          hubMetric(metricNames.checkpointSkippedRecords, "checkpoint"),
        ],
      }),
    );
    return dashboard;
  }
}
