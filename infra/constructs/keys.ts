/**
 * Customer-managed KMS keys and the key-policy statements AWS services need to use them. Each stack
 * has two: the data key (table, secrets, event bus and archive, log groups) and the messaging key
 * (every SQS queue and the alarm topic), so a unit's `kms:Decrypt` on its queue key says nothing about
 * the table's key.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";

/** A symmetric key with yearly rotation, retained when its stack goes (data encrypted with it may outlive it). */
export function hubKey(scope: Construct, id: string, purpose: string, alias?: string): kms.Key {
  return new kms.Key(scope, id, {
    description: `Order 195 hub (${Stack.of(scope).stackName}): ${purpose}`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
    alias,
  });
}

const logsGranted = new WeakSet<kms.IKey>();

/**
 * Lets CloudWatch Logs encrypt log groups of this account and region with the key (the encryption
 * context names the log group). Idempotent per key.
 */
export function allowLogsService(key: kms.IKey): void {
  if (logsGranted.has(key)) return;
  logsGranted.add(key);
  const stack = Stack.of(key);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "AllowCloudWatchLogsOfThisAccount",
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      resources: ["*"],
      conditions: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": stack.formatArn({
            service: "logs",
            resource: "log-group",
            resourceName: "*",
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}
