/**
 * Table stream → publish function → event bus. The event source mapping is built from
 * `publishEventSource` (the local stream poller reads the same object): its filter, batch size and
 * window, bisect, retries until the maximum record age, partial batch failures; TRIM_HORIZON so a
 * newly deployed mapping starts with what the stream still holds. Records still failing at that age
 * are reported to an on-failure queue (messaging key, TLS only) that only this function may write.
 */
import { Duration } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as events from "aws-cdk-lib/aws-events";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { publishEventSource } from "../../shared/wiring/stream-mapping.ts";
import { HubFunction } from "./hub-function.ts";
import { hubQueue, restrictSenders } from "./queues.ts";

export interface StreamPublisherProps {
  readonly code: lambda.Code;
  readonly table: dynamodb.ITableV2;
  readonly tableKey: kms.IKey;
  readonly bus: events.IEventBus;
  readonly queueKey: kms.IKey;
  readonly failureQueueName: string;
  readonly logRetention: logs.RetentionDays;
  readonly logEncryptionKey?: kms.IKey;
}

export class StreamPublisher extends Construct {
  public readonly publisher: HubFunction;
  public readonly eventSourceMapping: lambda.EventSourceMapping;
  public readonly failureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: StreamPublisherProps) {
    super(scope, id);
    this.publisher = new HubFunction(this, "Publish", {
      serviceName: "publish",
      description: "Order 195 hub: stored notifications (table stream) to the event bus",
      code: props.code,
      memorySize: 512,
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      logEncryptionKey: props.logEncryptionKey,
    })
      .bindEventBus(props.bus)
      .bindTableStream(props.table, props.tableKey);

    this.failureQueue = hubQueue(this, "FailureQueue", {
      queueName: props.failureQueueName,
      encryptionKey: props.queueKey,
      deadLetterFor: "the table stream's event source mapping (its on-failure destination)",
      via: "service",
    });
    this.publisher.bindFailureQueue(this.failureQueue, props.queueKey);
    restrictSenders(this.failureQueue, { principals: [this.publisher.role.roleArn] });

    const source = publishEventSource;
    const failureQueue = this.failureQueue;
    this.eventSourceMapping = new lambda.EventSourceMapping(this, "StreamMapping", {
      target: this.publisher.function,
      eventSourceArn: props.table.tableStreamArn,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      filters: [lambda.FilterCriteria.filter(source.filterPattern)],
      batchSize: source.batchSize,
      maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds),
      bisectBatchOnError: source.bisectBatchOnError,
      retryAttempts: source.retryAttempts,
      maxRecordAge: Duration.seconds(source.maxRecordAgeSeconds),
      reportBatchItemFailures: source.reportBatchItemFailures,
      // The function's role sends the failure record; `bindFailureQueue` granted exactly that.
      onFailure: { bind: () => ({ destination: failureQueue.queueArn }) },
    });
    // The mapping is validated against the role's policy when it is created.
    this.eventSourceMapping.node.addDependency(this.publisher.role);
  }
}
