/**
 * One Secrets Manager secret per upstream source holding its Standard Webhooks keys. Created with a
 * random placeholder `{"current":"<48 alphanumerics>"}` that nobody can read and the keyring ignores
 * (no `whsec_` prefix; 48 characters of [A-Za-z0-9] are valid base64 of 36 bytes, so `whsec_` + it
 * would be a key). The keyring uses only `whsec_` keys under `current` and `next` (rotation: add
 * `next`, let the upstream switch, keep only the new key; see docs/deploying.md).
 *
 * Encrypted with the given key; `restrictReadTo(role)` adds a resource policy that denies
 * `GetSecretValue` to every other principal of any account.
 */
import { RemovalPolicy, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { type FeedSourceId, feedSourceIds, feedSources } from "../../shared/domain/catalogue/index.ts";

/** Length of a generated key: a multiple of 4, so the alphanumeric string is valid base64. */
export const GENERATED_KEY_LENGTH = 48;
export const GENERATED_KEY_NAME = "current";

export interface WebhookSecretsProps {
  /** Prefix of the secrets' names: `<prefix>/<source>`. */
  readonly namePrefix: string;
  readonly encryptionKey: kms.IKey;
}

export class WebhookSecrets extends Construct {
  public readonly secrets: ReadonlyMap<FeedSourceId, secretsmanager.Secret>;
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: WebhookSecretsProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    this.secrets = new Map(
      feedSourceIds.map((source) => [
        source,
        new secretsmanager.Secret(this, source, {
          secretName: `${props.namePrefix}/${source}`,
          description: `Standard Webhooks signing keys of ${feedSources[source].name.en}: whsec_ keys under current and next are active; anything else is ignored and raises the webhook-key-ignored alarm`,
          encryptionKey: props.encryptionKey,
          removalPolicy: RemovalPolicy.RETAIN,
          generateSecretString: {
            secretStringTemplate: JSON.stringify({}),
            generateStringKey: GENERATED_KEY_NAME,
            passwordLength: GENERATED_KEY_LENGTH,
            excludePunctuation: true,
            includeSpace: false,
          },
        }),
      ]),
    );
    for (const secret of this.secrets.values()) {
      Validations.of(secret).acknowledge({
        id: "AwsSolutions-SMG4",
        reason:
          "The key is shared with an external upstream system, which must switch keys in step: rotation is an operator procedure (add a second key, the upstream switches, remove the old one; the keyring accepts both `current` and `next` meanwhile). A rotation Lambda cannot coordinate with the upstream.",
      });
    }
  }

  /**
   * Denies `secretsmanager:GetSecretValue` on every secret to any principal but `reader` (the ingest
   * function's role) and the named key custodian roles, whatever their identity policies allow.
   */
  restrictReadTo(reader: iam.IRole, custodians: readonly string[] = []): void {
    for (const secret of this.secrets.values()) {
      secret.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: "OnlyTheIngestFunctionReadsKeys",
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ["secretsmanager:GetSecretValue"],
          resources: ["*"],
          conditions: { ArnNotEquals: { "aws:PrincipalArn": [reader.roleArn, ...custodians] } },
        }),
      );
    }
  }
}
