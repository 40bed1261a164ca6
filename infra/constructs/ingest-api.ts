/**
 * The hub's API: a regional REST API with one resource per upstream source (`/v1/feeds/kqp`, …, so
 * stage method settings throttle each source on its own) and a catch-all `/v1/feeds/{source}` whose
 * requests the function answers 404 in the hub's error format, every feed method `POST`; and the
 * IAM-authorised (SigV4) routes of the hub's roles, each added with `addIamRoute`: the units' reports
 * (`POST /v1/reports`) and queries, the auditor's audit log. Every method is a Lambda proxy.
 *
 * Secure by default: a resource policy admits each source's path only from that source's CIDRs, and
 * each IAM route only to the roles `addIamRoute` names (whatever other identity policies allow);
 * JSON access logs and INFO execution logs (never bodies), X-Ray; every gateway-generated error is
 * rewritten into the hub's error body; a WAFv2 web ACL; with a custom domain, mutual TLS and the
 * default `execute-api` endpoint disabled.
 */
import { Lazy, Stack, Validations } from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigateway";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import { Construct } from "constructs";
import { type FeedSourceId, feedSourceIds } from "../../shared/domain/catalogue/index.ts";
import {
  FEED_CATCH_ALL_RESOURCE,
  FEED_SOURCE_PARAMETER,
  FEEDS_PATH,
} from "../../shared/wiring/feed-route.ts";
import { MAX_BODY_BYTES } from "../../shared/wiring/limits.ts";
import { AUDIT_PATH } from "../../shared/wiring/query-routes.ts";
import { REPORTS_PATH } from "../../shared/wiring/reports-route.ts";
import type { CustomDomainConfig, FeedSourceConfig, ThrottleConfig, WafConfig } from "../config/schema.ts";
import { allowLogsService } from "./keys.ts";

export const STAGE_NAME = "prod";

/** Unknown sources deserve no capacity: the catch-all is throttled hard. */
export const UNKNOWN_SOURCE_THROTTLE: ThrottleConfig = { rateLimit: 1, burstLimit: 2 };

/**
 * A regular expression matching a decimal `content-length` strictly greater than `limit` (leading
 * zeros allowed): more digits than the limit, or as many and larger at the first differing digit.
 * WAF regex match statements cannot compare numbers; this is the comparison spelled out.
 */
export function greaterThanRegex(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`not a byte count: ${limit}`);
  const digits = String(limit);
  const alternatives = [`[1-9][0-9]{${digits.length},}`];
  for (let position = 0; position < digits.length; position++) {
    const digit = Number(digits[position]);
    if (digit === 9) continue;
    const rest = digits.length - position - 1;
    alternatives.push(`${digits.slice(0, position)}[${digit + 1}-9]${rest > 0 ? `[0-9]{${rest}}` : ""}`);
  }
  return `^0*(${alternatives.join("|")})$`;
}

/** One gateway response rewritten into the hub's error body. `message: null` keeps API Gateway's text. */
interface GatewayError {
  readonly type: apigw.ResponseType;
  readonly code: string;
  readonly message: string | null;
  readonly statusCode?: string;
  readonly headers?: Record<string, string>;
}

/** The error body of `shared/api/responses.ts` as an API Gateway mapping template. */
export function gatewayErrorTemplate(code: string, message: string | null): string {
  const renderedMessage = message === null ? "$context.error.messageString" : JSON.stringify(message);
  return `{"requestId":"$context.requestId","error":{"code":${JSON.stringify(code)},"message":${renderedMessage},"details":[]}}`;
}

export const gatewayErrors: readonly GatewayError[] = [
  { type: apigw.ResponseType.DEFAULT_4XX, code: "request.rejected", message: null },
  { type: apigw.ResponseType.DEFAULT_5XX, code: "gateway.error", message: null },
  {
    type: apigw.ResponseType.ACCESS_DENIED,
    code: "access.denied",
    message:
      "This caller may not call this route: a feed only from its source's allow-list (ask the hub operators to add an address), " +
      `${REPORTS_PATH} and the queries only in a session of a unit's role of this deployment, ${AUDIT_PATH} only in a session of its auditor role.`,
  },
  {
    // API Gateway answers an unknown route and an unsigned request to an IAM route alike.
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    code: "route.unknown",
    statusCode: "404",
    message:
      `No such route, or a request to an IAM-authorised route (${REPORTS_PATH}, the queries, ${AUDIT_PATH}) without an AWS Signature Version 4. ` +
      `Feeds are sent with POST to ${FEEDS_PATH}/<source>; units' reports with POST to ${REPORTS_PATH} and their queries with GET, signed by the unit's role.`,
  },
  {
    type: apigw.ResponseType.THROTTLED,
    code: "request.throttled",
    message: "Too many requests for this route. Retry after a pause; resending a batch is safe.",
    headers: { "Retry-After": "'1'" },
  },
  {
    type: apigw.ResponseType.QUOTA_EXCEEDED,
    code: "request.throttled",
    message: "The request quota of this feed is used up. Retry later; resending a batch is safe.",
    headers: { "Retry-After": "'60'" },
  },
  {
    type: apigw.ResponseType.WAF_FILTERED,
    code: "request.blocked",
    message: "The request was blocked by the hub's web application firewall.",
  },
  {
    type: apigw.ResponseType.REQUEST_TOO_LARGE,
    code: "body.too-large",
    message: "The request body is larger than API Gateway accepts.",
  },
  {
    type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE,
    code: "body.media-type",
    message: "The request body must be `application/json` (UTF-8).",
  },
  {
    type: apigw.ResponseType.INTEGRATION_TIMEOUT,
    code: "gateway.timeout",
    message: "The hub did not answer in time. Whether the records were stored is unknown: resending is safe.",
  },
  {
    type: apigw.ResponseType.INTEGRATION_FAILURE,
    code: "internal",
    message: "The hub failed to handle the request. Resending is safe (duplicates are recognised).",
  },
];

/**
 * A role an IAM route admits, with its ARN spelled from its name: the resource policy names it by that
 * literal ARN, so it need not depend on the role (nor the role exist when the policy is set).
 */
export interface ApiCaller {
  readonly role: iam.IRole;
  readonly roleArn: string;
}

export interface IamRouteOptions {
  /** The only roles that may invoke the route: each gets the right, every other principal is denied. */
  readonly callers: readonly ApiCaller[];
  /** Method throttling of the route, every caller together. */
  readonly throttle: ThrottleConfig;
}

export type IamRouteMethod = "GET" | "POST";

export interface IngestApiProps {
  /** The ingest function, behind every feed path. */
  readonly handler: lambda.IFunction;
  readonly restApiName: string;
  readonly sources: Readonly<Record<FeedSourceId, FeedSourceConfig>>;
  /** Stage-wide default throttling. */
  readonly throttle: ThrottleConfig;
  readonly waf: WafConfig;
  readonly customDomain?: CustomDomainConfig;
  /** Set the account's API Gateway CloudWatch role (needed once per account and region for execution logs). */
  readonly manageAccountRole: boolean;
  /** Per-method CloudWatch metrics (billed as custom metrics); the API-level ones are always there. */
  readonly detailedMetrics: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly logEncryptionKey?: kms.IKey;
}

export class IngestApi extends Construct {
  public readonly api: apigw.RestApi;
  public readonly accessLogGroup: logs.LogGroup;
  /** `POST /v1/feeds/<source>` per source, and the catch-all under `"{source}"`. */
  public readonly methods: ReadonlyMap<FeedSourceId | "{source}", apigw.Method>;
  /** The resource policy: `addIamRoute` adds each route's statements. */
  private readonly policy: iam.PolicyDocument;
  /** Throttling of the IAM routes, added to the stage's method settings when it is rendered. */
  private readonly iamRouteSettings: apigw.CfnStage.MethodSettingProperty[] = [];
  public readonly webAcl?: wafv2.CfnWebACL;
  public readonly domainName?: apigw.DomainName;
  /** What upstream systems call: the custom domain when configured, else the stage URL. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    if (props.logEncryptionKey !== undefined) allowLogsService(props.logEncryptionKey);
    this.accessLogGroup = new logs.LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
    });

    const sourcePath = (source: string) => `${FEEDS_PATH}/${source}`;
    const methodOptions: Record<string, apigw.MethodDeploymentOptions> = {
      [`${FEED_CATCH_ALL_RESOURCE}/POST`]: throttleOptions(UNKNOWN_SOURCE_THROTTLE),
    };
    for (const source of feedSourceIds) {
      methodOptions[`${sourcePath(source)}/POST`] = throttleOptions(props.sources[source].throttle);
    }

    this.policy = resourcePolicy(props.sources);
    this.api = new apigw.RestApi(this, "Api", {
      restApiName: props.restApiName,
      description:
        "Order 195 hub: signed feeds of the upstream systems (Standard Webhooks); the units' reports and queries, the audit log (IAM)",
      endpointTypes: [apigw.EndpointType.REGIONAL],
      disableExecuteApiEndpoint: props.customDomain !== undefined,
      cloudWatchRole: props.manageAccountRole,
      policy: this.policy,
      deployOptions: {
        stageName: STAGE_NAME,
        tracingEnabled: true,
        metricsEnabled: props.detailedMetrics,
        loggingLevel: apigw.MethodLoggingLevel.INFO,
        // Request and response bodies carry personal data: never in execution logs.
        dataTraceEnabled: false,
        ...throttleOptions(props.throttle),
        methodOptions,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: accessLogFormat(props.customDomain !== undefined),
      },
    });

    const integration = new apigw.LambdaIntegration(props.handler, { proxy: true, allowTestInvoke: false });
    const feeds = this.api.root.resourceForPath(FEEDS_PATH);
    const methods = new Map<FeedSourceId | "{source}", apigw.Method>();
    methods.set("{source}", feeds.addResource(`{${FEED_SOURCE_PARAMETER}}`).addMethod("POST", integration));
    for (const source of feedSourceIds) {
      methods.set(source, feeds.addResource(source).addMethod("POST", integration));
    }
    this.methods = methods;
    this.throttleIamRoutes();

    for (const error of gatewayErrors) {
      this.api.addGatewayResponse(`Error${error.type.responseType}`, {
        type: error.type,
        statusCode: error.statusCode,
        responseHeaders: error.headers,
        templates: { "application/json": gatewayErrorTemplate(error.code, error.message) },
      });
    }

    if (props.waf.enabled) {
      this.webAcl = webAcl(this, props.restApiName, props.waf.rateLimitPer5Minutes);
      new wafv2.CfnWebACLAssociation(this, "WebAclAssociation", {
        resourceArn: this.api.deploymentStage.stageArn,
        webAclArn: this.webAcl.attrArn,
      });
    } else {
      Validations.of(this.api.deploymentStage).acknowledge({
        id: "AwsSolutions-APIG3",
        reason: `The web ACL is turned off by this deployment's configuration: ${props.waf.disabledReason ?? ""}`,
      });
    }

    if (props.customDomain !== undefined) {
      const domain = props.customDomain;
      const truststore = /^s3:\/\/([^/]+)\/(.+)$/.exec(domain.truststoreUri);
      const [, bucketName = "", key = ""] = truststore ?? [];
      this.domainName = new apigw.DomainName(this, "Domain", {
        domainName: domain.domainName,
        certificate: acm.Certificate.fromCertificateArn(this, "Certificate", domain.certificateArn),
        endpointType: apigw.EndpointType.REGIONAL,
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
        mtls: {
          bucket: s3.Bucket.fromBucketName(this, "Truststore", bucketName),
          key,
          version: domain.truststoreVersion,
        },
      });
      this.domainName.addBasePathMapping(this.api, { stage: this.api.deploymentStage });
      this.url = `https://${domain.domainName}/`;
    } else {
      this.url = this.api.url;
    }

    this.acknowledgeAuthentication();
    const accountRole = this.api.node.tryFindChild("CloudWatchRole");
    if (accountRole !== undefined) {
      Validations.of(accountRole).acknowledge({
        id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
        reason:
          "The account-wide API Gateway logging role (AWS::ApiGateway::Account) is assumed only by apigateway.amazonaws.com; AWS maintains this policy for exactly that purpose, and execution logging of the stage needs it.",
      });
    }
  }

  /**
   * An IAM-authorised (SigV4) route to `handler` (Lambda proxy), throttled on its own, that exactly
   * `callers` may invoke on this API's stage: each caller's identity policy allows it, and the resource
   * policy denies it to every other principal, whatever its identity policy allows (by `aws:PrincipalArn`,
   * a condition: a role need not exist yet). The callers are roles of this account, whose identity
   * policy alone admits them (API Gateway's same-account rule), so the resource policy holds no allow:
   * that, and routes with the same callers sharing one deny statement (the document is minimised), keeps
   * it under API Gateway's 8,192 characters.
   */
  addIamRoute(
    method: IamRouteMethod,
    path: string,
    handler: lambda.IFunction,
    options: IamRouteOptions,
  ): apigw.Method {
    const callerArns = options.callers.map((caller) => caller.roleArn);
    if (callerArns.length === 0) throw new Error(`${method} ${path}: an IAM route admits at least one role`);
    const created = this.api.root
      .resourceForPath(path)
      .addMethod(method, new apigw.LambdaIntegration(handler, { proxy: true, allowTestInvoke: false }), {
        authorizationType: apigw.AuthorizationType.IAM,
      });
    Validations.of(created).acknowledge({
      id: "AwsSolutions-COG4",
      reason:
        "The callers are machines and officers of the ministry in sessions of the hub's IAM roles (a unit's, the auditor's): IAM authorization (SigV4), the roles named by the API's resource policy. There are no Cognito identities.",
    });
    this.iamRouteSettings.push({
      httpMethod: method,
      resourcePath: `/${path.replaceAll("/", "~1")}`,
      ...throttleOptions(options.throttle),
    });
    // A path parameter matches any segment: policies name it `*` (`{id}` would match only itself).
    const policyPath = path.replace(/\{[^}/]+\}/g, "*");
    const routeArn = this.api.arnForExecuteApi(method, policyPath, STAGE_NAME);
    for (const caller of options.callers) {
      caller.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ["execute-api:Invoke"], resources: [routeArn] }),
      );
      if (policyPath !== path) this.acknowledgePathParameters(caller.role, routeArn);
    }
    this.policy.addStatements(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ["execute-api:Invoke"],
        resources: [`execute-api:/*/${method}${policyPath}`],
        conditions: { ArnNotEquals: { "aws:PrincipalArn": callerArns } },
      }),
    );
    return created;
  }

  /** cdk-nag flags the `*` of a path parameter in a caller's right; it stands for one segment of one route. */
  private acknowledgePathParameters(role: iam.IRole, routeArn: string): void {
    const policy = role.node.tryFindChild("DefaultPolicy");
    if (policy === undefined) throw new Error(`${role.node.path}: the role has no default policy`);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResourceOf(Stack.of(this).resolve(routeArn))}]`,
      reason:
        "Each * stands for one path parameter of one IAM route (a request's execute-api ARN holds the actual path): the right is still one method of one route of this API's stage, and the API's resource policy admits the same callers only.",
    });
  }

  /**
   * The stage renders its method settings when it is created, before any IAM route exists: append
   * the routes' throttling when the template is rendered instead.
   */
  private throttleIamRoutes(): void {
    const stage = this.api.deploymentStage.node.defaultChild;
    if (!(stage instanceof apigw.CfnStage)) throw new Error("the API's stage has no CfnStage");
    const rendered = stage.methodSettings;
    const initial = Array.isArray(rendered) ? rendered : [];
    stage.methodSettings = Lazy.any({ produce: () => [...initial, ...this.iamRouteSettings] });
  }

  private acknowledgeAuthentication(): void {
    Validations.of(this.api).acknowledge({
      id: "AwsSolutions-APIG2",
      reason:
        "Requests are validated in the functions, in a fixed order: the Standard Webhooks signature over the raw body (feeds) or the IAM caller (reports, queries, audit) first, then the zod feed, report or query contracts (the one source of truth, also behind the OpenAPI document). A gateway model would duplicate the contract and validate unauthenticated input.",
    });
    for (const method of this.methods.values()) {
      Validations.of(method).acknowledge({
        id: "AwsSolutions-APIG4",
        reason:
          "Callers are machines, not users: each request is authenticated by its Standard Webhooks HMAC signature (per-source keys in Secrets Manager), admitted only from the source's IP allow-list by the resource policy, and with a custom domain also by mutual TLS.",
      });
      Validations.of(method).acknowledge({
        id: "AwsSolutions-COG4",
        reason:
          "The upstream systems have no Cognito identities: authentication is the Standard Webhooks signature, the IP allow-list and (with a custom domain) mutual TLS.",
      });
    }
  }
}

/** A resolved resource as cdk-nag names it in a finding: `{Ref: X}` → `<X>`, `{Fn::GetAtt: [X, A]}` → `<X.A>`, joins concatenated. */
export function nagResourceOf(resolved: unknown): string {
  if (typeof resolved === "string") return resolved;
  if (resolved !== null && typeof resolved === "object") {
    if ("Ref" in resolved) return `<${String(resolved.Ref)}>`;
    if ("Fn::GetAtt" in resolved && Array.isArray(resolved["Fn::GetAtt"])) {
      return `<${resolved["Fn::GetAtt"].join(".")}>`;
    }
    if ("Fn::Join" in resolved && Array.isArray(resolved["Fn::Join"])) {
      const [separator, parts] = resolved["Fn::Join"];
      if (Array.isArray(parts)) return parts.map(nagResourceOf).join(String(separator));
    }
  }
  throw new Error(`cannot name ${JSON.stringify(resolved)} as cdk-nag does`);
}

function throttleOptions(throttle: ThrottleConfig) {
  return { throttlingRateLimit: throttle.rateLimit, throttlingBurstLimit: throttle.burstLimit };
}

/**
 * Allow `POST /v1/feeds/*` from any source's CIDRs (so a known upstream calling an unknown source gets
 * the function's 404), then deny each source's own path to every address outside that source's list.
 * The IAM routes add their own statements (`addIamRoute`).
 */
function resourcePolicy(sources: Readonly<Record<FeedSourceId, FeedSourceConfig>>): iam.PolicyDocument {
  const allCidrs = [...new Set(feedSourceIds.flatMap((source) => sources[source].allowedCidrs))];
  const document = new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: "AllowKnownUpstreams",
        principals: [new iam.AnyPrincipal()],
        actions: ["execute-api:Invoke"],
        resources: [`execute-api:/*/POST${FEEDS_PATH}/*`],
        conditions: { IpAddress: { "aws:SourceIp": allCidrs } },
      }),
    ],
  });
  for (const source of feedSourceIds) {
    document.addStatements(
      new iam.PolicyStatement({
        sid: `OnlyAllowListOf${source.replace(/[^A-Za-z0-9]/g, "")}`,
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ["execute-api:Invoke"],
        resources: [`execute-api:/*/POST${FEEDS_PATH}/${source}`],
        conditions: { NotIpAddress: { "aws:SourceIp": [...sources[source].allowedCidrs] } },
      }),
    );
  }
  return document;
}

function accessLogFormat(mutualTls: boolean): apigw.AccessLogFormat {
  const field = apigw.AccessLogField;
  return apigw.AccessLogFormat.custom(
    JSON.stringify({
      requestId: field.contextRequestId(),
      extendedRequestId: field.contextExtendedRequestId(),
      requestTime: field.contextRequestTime(),
      sourceIp: field.contextIdentitySourceIp(),
      userAgent: field.contextIdentityUserAgent(),
      httpMethod: field.contextHttpMethod(),
      resourcePath: field.contextResourcePath(),
      path: field.contextPath(),
      protocol: field.contextProtocol(),
      status: field.contextStatus(),
      responseLength: field.contextResponseLength(),
      responseLatency: field.contextResponseLatency(),
      integrationLatency: field.contextIntegrationLatency(),
      integrationStatus: field.contextIntegrationStatus(),
      errorType: field.contextErrorResponseType(),
      errorMessage: field.contextErrorMessage(),
      wafStatus: field.contextWafResponseCode(),
      xrayTraceId: field.contextXrayTraceId(),
      ...(mutualTls
        ? {
            clientCertSubject: field.contextIdentityClientCertSubjectDN(),
            clientCertSerial: field.contextIdentityClientCertSerialNumber(),
          }
        : {}),
    }),
  );
}

function webAcl(scope: Construct, name: string, rateLimit: number): wafv2.CfnWebACL {
  const visibility = (metric: string) => ({
    cloudWatchMetricsEnabled: true,
    metricName: `${name}-${metric}`,
    sampledRequestsEnabled: true,
  });
  const managed = (priority: number, group: string, countOnly: string[] = []) => ({
    name: group,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: "AWS",
        name: group,
        ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })),
      },
    },
    visibilityConfig: visibility(group),
  });
  return new wafv2.CfnWebACL(scope, "WebAcl", {
    name,
    scope: "REGIONAL",
    description:
      "Order 195 hub ingest API: body size, per-IP rate, AWS managed common and known-bad-input rules",
    defaultAction: { allow: {} },
    visibilityConfig: visibility("web-acl"),
    rules: [
      {
        // WAF sees at most the first 16 KB of a REST API body, so it cannot measure a 1 MiB body:
        // it checks the declared Content-Length instead (the function checks the real size).
        name: "BodyLargerThanHubLimit",
        priority: 0,
        action: { block: {} },
        statement: {
          regexMatchStatement: {
            fieldToMatch: { singleHeader: { Name: "content-length" } },
            regexString: greaterThanRegex(MAX_BODY_BYTES),
            textTransformations: [{ priority: 0, type: "NONE" }],
          },
        },
        visibilityConfig: visibility("body-size"),
      },
      {
        name: "RateLimitPerSourceIp",
        priority: 1,
        action: { block: {} },
        statement: {
          rateBasedStatement: { limit: rateLimit, aggregateKeyType: "IP", evaluationWindowSec: 300 },
        },
        visibilityConfig: visibility("rate-per-ip"),
      },
      // SizeRestrictions_BODY blocks bodies over 8 KB: feeds are batches up to 1 MiB, so it only counts.
      managed(2, "AWSManagedRulesCommonRuleSet", ["SizeRestrictions_BODY"]),
      managed(3, "AWSManagedRulesKnownBadInputsRuleSet"),
    ],
  });
}
