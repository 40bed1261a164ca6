/**
 * A synthesized template made concrete for IAM simulation: every `Ref`, `Fn::GetAtt`, `Fn::Join`,
 * `Fn::Sub`, `Fn::Select` and `Fn::Split` resolved to the fake but well-formed names and ARNs
 * CloudFormation would produce in one account and region; then the policies gathered per principal
 * (identity) and per resource (queue, secret, bus, role trust).
 */
import type { CfnResource, CfnTemplate } from "./synth.ts";

export const FAKE_ACCOUNT = "123456789012";
export const FAKE_REGION = "eu-central-1";

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly Record<string, unknown>[];
}

export interface CfnWorld {
  readonly account: string;
  readonly region: string;
  resolve(value: unknown): unknown;
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): string;
  /** Logical ids of one resource type. */
  ids(type: string): string[];
  resource(logicalId: string): CfnResource;
  /** Identity policies of a role (inline and AWS::IAM::Policy), by role logical id. */
  identityPolicies(roleId: string): { name: string; policy: PolicyDocument }[];
  /** AWS managed policy ARNs attached to a role (not simulated: the tests assert there are none). */
  managedPolicies(roleId: string): string[];
  /** The resource policy of a queue (by queue logical id), secret, event bus, or REST API. */
  queuePolicy(queueId: string): PolicyDocument | undefined;
  secretPolicy(secretId: string): PolicyDocument | undefined;
  busPolicy(busId: string): PolicyDocument | undefined;
  /** With its `execute-api:/…` resources expanded to the API's ARN, as API Gateway expands them. */
  restApiPolicy(apiId: string): PolicyDocument | undefined;
  /** The ARN of a method of a REST API's stage: `arn:…:execute-api:…:<api id>/<stage>/<METHOD><path>`. */
  executeApiArn(apiId: string, stage: string, method: string, path: string): string;
  trustPolicy(roleId: string): PolicyDocument;
}

const pseudo: Record<string, string> = {
  "AWS::AccountId": FAKE_ACCOUNT,
  "AWS::Region": FAKE_REGION,
  "AWS::Partition": "aws",
  "AWS::URLSuffix": "amazonaws.com",
  "AWS::StackName": "Order195Hub-test",
  "AWS::StackId": `arn:aws:cloudformation:${FAKE_REGION}:${FAKE_ACCOUNT}:stack/Order195Hub-test/1`,
  "AWS::NoValue": "",
};

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function cfnWorld(template: CfnTemplate): CfnWorld {
  const resources = template.Resources;
  const arn = (service: string, resource: string, region = FAKE_REGION) =>
    `arn:aws:${service}:${region}:${FAKE_ACCOUNT}:${resource}`;

  const resource = (logicalId: string): CfnResource => {
    const found = resources[logicalId];
    if (found === undefined) throw new Error(`no resource ${logicalId}`);
    return found;
  };
  const property = (logicalId: string, name: string): string | undefined => {
    const value = resource(logicalId).Properties?.[name];
    return value === undefined ? undefined : String(resolve(value));
  };
  const nameOf = (logicalId: string, nameProperty: string) =>
    property(logicalId, nameProperty) ?? logicalId.toLowerCase();

  function ref(logicalId: string): string {
    const fixed = pseudo[logicalId];
    if (fixed !== undefined) return fixed;
    const { Type: type } = resource(logicalId);
    switch (type) {
      case "AWS::SQS::Queue":
        return `https://sqs.${FAKE_REGION}.amazonaws.com/${FAKE_ACCOUNT}/${nameOf(logicalId, "QueueName")}`;
      case "AWS::IAM::Role":
        return nameOf(logicalId, "RoleName");
      case "AWS::Events::EventBus":
        return nameOf(logicalId, "Name");
      case "AWS::Events::Rule":
        return `${property(logicalId, "EventBusName") ?? "default"}|${nameOf(logicalId, "Name")}`;
      case "AWS::DynamoDB::GlobalTable":
        return nameOf(logicalId, "TableName");
      case "AWS::SecretsManager::Secret":
        return arn("secretsmanager", `secret:${nameOf(logicalId, "Name")}-AbCdEf`);
      case "AWS::KMS::Key":
        return `key-${logicalId.toLowerCase()}`;
      case "AWS::Lambda::Function":
        return nameOf(logicalId, "FunctionName");
      case "AWS::Logs::LogGroup":
        return nameOf(logicalId, "LogGroupName");
      case "AWS::SNS::Topic":
        return arn("sns", nameOf(logicalId, "TopicName"));
      case "AWS::S3::Bucket": {
        // CloudFormation names a bucket after its stack: the deployment tag keeps two deployments' apart.
        const tags = resource(logicalId).Properties?.Tags;
        const deployment = Array.isArray(tags)
          ? tags.find((tag) => isObject(tag) && tag.Key === "order195:deployment")?.Value
          : undefined;
        return property(logicalId, "BucketName") ?? `${String(deployment)}-${logicalId.toLowerCase()}`;
      }
      case "AWS::ApiGateway::RestApi":
        // An API id is generated; one per name keeps two deployments' APIs apart.
        return nameOf(logicalId, "Name")
          .toLowerCase()
          .replace(/[^a-z0-9]/g, "");
      default:
        return logicalId;
    }
  }

  function getAtt(logicalId: string, attribute: string): string {
    const { Type: type } = resource(logicalId);
    switch (`${type}.${attribute}`) {
      case "AWS::SQS::Queue.Arn":
        return arn("sqs", nameOf(logicalId, "QueueName"));
      case "AWS::SQS::Queue.QueueName":
        return nameOf(logicalId, "QueueName");
      case "AWS::SQS::Queue.QueueUrl":
        return ref(logicalId);
      case "AWS::IAM::Role.Arn":
        return `arn:aws:iam::${FAKE_ACCOUNT}:role/${ref(logicalId)}`;
      case "AWS::Events::EventBus.Arn":
        return arn("events", `event-bus/${ref(logicalId)}`);
      case "AWS::Events::EventBus.Name":
        return ref(logicalId);
      case "AWS::Events::Rule.Arn":
        return arn("events", `rule/${ref(logicalId).replace("|", "/")}`);
      case "AWS::Events::Archive.Arn":
        return arn("events", `archive/${nameOf(logicalId, "ArchiveName")}`);
      case "AWS::DynamoDB::GlobalTable.Arn":
        return arn("dynamodb", `table/${ref(logicalId)}`);
      case "AWS::DynamoDB::GlobalTable.StreamArn":
        return arn("dynamodb", `table/${ref(logicalId)}/stream/2026-01-01T00:00:00.000`);
      case "AWS::KMS::Key.Arn":
        return arn("kms", `key/${ref(logicalId)}`);
      case "AWS::Lambda::Function.Arn":
        return arn("lambda", `function:${ref(logicalId)}`);
      case "AWS::Logs::LogGroup.Arn":
        return arn("logs", `log-group:${ref(logicalId)}:*`);
      case "AWS::SNS::Topic.TopicArn":
        return ref(logicalId);
      case "AWS::S3::Bucket.Arn":
        return `arn:aws:s3:::${ref(logicalId)}`;
      default:
        return `${logicalId}.${attribute}`;
    }
  }

  function substitute(text: string, variables: Record<string, unknown> = {}): string {
    return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in variables) return String(resolve(variables[name]));
      const [id = "", attribute] = name.split(".");
      return attribute === undefined ? ref(id) : getAtt(id, attribute);
    });
  }

  function resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(resolve);
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [key = ""] = keys;
      const argument = value[key];
      if (key === "Ref") return ref(String(argument));
      if (key === "Fn::GetAtt") {
        const [id, attribute] = Array.isArray(argument) ? argument : String(argument).split(".");
        return getAtt(String(id), String(attribute));
      }
      if (key === "Fn::Join") {
        const [separator, parts] = argument as [string, unknown[]];
        return (resolve(parts) as unknown[]).join(separator);
      }
      if (key === "Fn::Sub") {
        return Array.isArray(argument)
          ? substitute(String(argument[0]), argument[1] as Record<string, unknown>)
          : substitute(String(argument));
      }
      if (key === "Fn::Select") {
        const [index, list] = argument as [number, unknown];
        return (resolve(list) as unknown[])[Number(index)];
      }
      if (key === "Fn::Split") {
        const [separator, text] = argument as [string, unknown];
        return String(resolve(text)).split(separator);
      }
      if (key.startsWith("Fn::")) throw new Error(`unsupported intrinsic ${key}`);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  }

  const ids = (type: string) =>
    Object.entries(resources)
      .filter(([, r]) => r.Type === type)
      .map(([id]) => id);

  const document = (value: unknown): PolicyDocument => {
    const resolved = resolve(value);
    const parsed = typeof resolved === "string" ? (JSON.parse(resolved) as unknown) : resolved;
    return parsed as PolicyDocument;
  };

  return {
    account: FAKE_ACCOUNT,
    region: FAKE_REGION,
    resolve,
    ref,
    getAtt,
    ids,
    resource,
    identityPolicies(roleId) {
      const roleName = ref(roleId);
      const inline = (
        (resource(roleId).Properties?.Policies as { PolicyName: string; PolicyDocument: unknown }[]) ?? []
      ).map((p) => ({ name: p.PolicyName, policy: document(p.PolicyDocument) }));
      const attached = ids("AWS::IAM::Policy")
        .filter((id) => (resolve(resource(id).Properties?.Roles) as string[] | undefined)?.includes(roleName))
        .map((id) => ({ name: id, policy: document(resource(id).Properties?.PolicyDocument) }));
      return [...inline, ...attached];
    },
    managedPolicies(roleId) {
      return (resolve(resource(roleId).Properties?.ManagedPolicyArns) as string[] | undefined) ?? [];
    },
    queuePolicy(queueId) {
      const url = ref(queueId);
      const statements = ids("AWS::SQS::QueuePolicy")
        .filter((id) => (resolve(resource(id).Properties?.Queues) as string[]).includes(url))
        .flatMap((id) => document(resource(id).Properties?.PolicyDocument).Statement);
      return statements.length === 0 ? undefined : { Version: "2012-10-17", Statement: statements };
    },
    secretPolicy(secretId) {
      const secretArn = ref(secretId);
      const statements = ids("AWS::SecretsManager::ResourcePolicy")
        .filter((id) => resolve(resource(id).Properties?.SecretId) === secretArn)
        .flatMap((id) => document(resource(id).Properties?.ResourcePolicy).Statement);
      return statements.length === 0 ? undefined : { Version: "2012-10-17", Statement: statements };
    },
    busPolicy(busId) {
      const busName = ref(busId);
      const statements = ids("AWS::Events::EventBusPolicy")
        .filter((id) => resolve(resource(id).Properties?.EventBusName) === busName)
        .map((id) => resolve(resource(id).Properties?.Statement) as Record<string, unknown>);
      return statements.length === 0 ? undefined : { Version: "2012-10-17", Statement: statements };
    },
    restApiPolicy(apiId) {
      const policy = resource(apiId).Properties?.Policy;
      if (policy === undefined) return undefined;
      const prefix = arn("execute-api", `${ref(apiId)}/`);
      const expand = (value: unknown): unknown =>
        Array.isArray(value)
          ? value.map(expand)
          : typeof value === "string"
            ? value.replace(/^execute-api:\//, prefix)
            : value;
      const parsed = document(policy);
      return {
        ...parsed,
        Statement: parsed.Statement.map((statement) => ({
          ...statement,
          Resource: expand(statement.Resource),
        })),
      };
    },
    executeApiArn(apiId, stage, method, path) {
      return arn("execute-api", `${ref(apiId)}/${stage}/${method}${path}`);
    },
    trustPolicy(roleId) {
      return document(resource(roleId).Properties?.AssumeRolePolicyDocument);
    },
  };
}
