/**
 * The hub's one way to make an SQS queue: customer-managed KMS key, TLS only (a policy denying any
 * request without `aws:SecureTransport`), 14 days' retention, long polling; a dead-letter queue
 * either given (with its redrive count) or stated to be one.
 */
import { Duration, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

/** SQS's maximum: a message no one reads is kept two weeks. */
export const QUEUE_RETENTION = Duration.days(14);
/** A message received this many times without being deleted moves to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;

/** A queue is either a working queue with its dead-letter queue, or itself the dead-letter queue of something. */
export type QueueRole =
  | { readonly deadLetterQueue: sqs.IQueue }
  | {
      /** What fails into it, e.g. "the imc unit queue and its EventBridge rule". */
      readonly deadLetterFor: string;
      /** `service`: an EventBridge target, a Lambda event source or an SNS subscription, not an SQS redrive policy. */
      readonly via: "sqs-redrive" | "service";
    };

export type HubQueueProps = QueueRole & {
  readonly queueName: string;
  readonly encryptionKey: kms.IKey;
  /** @default 60 seconds */
  readonly visibilityTimeout?: Duration;
};

export function hubQueue(scope: Construct, id: string, props: HubQueueProps): sqs.Queue {
  const deadLetterQueue = "deadLetterQueue" in props ? props.deadLetterQueue : undefined;
  const queue = new sqs.Queue(scope, id, {
    queueName: props.queueName,
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: props.encryptionKey,
    enforceSSL: true,
    retentionPeriod: QUEUE_RETENTION,
    receiveMessageWaitTime: Duration.seconds(20),
    visibilityTimeout: props.visibilityTimeout ?? Duration.seconds(60),
    deadLetterQueue:
      deadLetterQueue === undefined
        ? undefined
        : { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
  });
  if ("deadLetterFor" in props) {
    Validations.of(queue).acknowledge({
      id: "Serverless-SQSRedrivePolicy",
      reason: `This queue is itself the dead-letter queue of ${props.deadLetterFor}. A dead-letter queue of it would only move the same messages again; its depth above 0 raises an alarm instead.`,
    });
    if (props.via === "service") {
      Validations.of(queue).acknowledge({
        id: "AwsSolutions-SQS3",
        reason: `This queue is the dead-letter queue of ${props.deadLetterFor}, configured on that AWS service rather than in an SQS redrive policy, which is all the rule can see.`,
      });
    }
  }
  return queue;
}

/** Who may send to a queue: AWS service deliveries on behalf of named resources, and named principals. */
export interface AllowedSenders {
  /** e.g. EventBridge delivering for a rule: allowed, and checked by the request's `aws:SourceArn` (ARN patterns). */
  readonly deliveries?: { readonly service: string; readonly sourceArns: readonly string[] };
  /** IAM principals (role ARNs) that send with their own identity policy, checked by `aws:PrincipalArn`. */
  readonly principals?: readonly string[];
}

/**
 * Allows the named service deliveries, and denies `sqs:SendMessage` to every request that is neither
 * such a delivery nor from one of the named principals, whatever their identity policies say.
 */
export function restrictSenders(queue: sqs.IQueue, senders: AllowedSenders): void {
  const { deliveries, principals = [] } = senders;
  if (deliveries !== undefined) {
    queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowDeliveryForNamedSources",
        principals: [new iam.ServicePrincipal(deliveries.service)],
        actions: ["sqs:SendMessage"],
        resources: [queue.queueArn],
        conditions: { ArnLike: { "aws:SourceArn": [...deliveries.sourceArns] } },
      }),
    );
  }
  const unless: Record<string, string[]> = {};
  if (deliveries !== undefined) unless["aws:SourceArn"] = [...deliveries.sourceArns];
  if (principals.length > 0) unless["aws:PrincipalArn"] = [...principals];
  if (Object.keys(unless).length === 0) throw new Error("restrictSenders: name at least one sender");
  queue.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "DenySendFromAnyoneElse",
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ["sqs:SendMessage"],
      resources: [queue.queueArn],
      // Keys in one block are ANDed; a key absent from the request matches a negated operator.
      conditions: { ArnNotLike: unless },
    }),
  );
}
