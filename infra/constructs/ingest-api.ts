/**
 * The ingest API: a regional REST API with one resource per upstream source (`/v1/feeds/kqp`, …, so
 * stage method settings throttle each source on its own) and a catch-all `/v1/feeds/{source}` whose
 * requests the function answers 404 in the hub's error format; and `/v1/reports`, where the units
 * file their own reports, with IAM authorization (SigV4). Every method is `POST` → Lambda proxy.
 *
 * Secure by default: a resource policy admits each source's path only from that source's CIDRs, and
 * `/v1/reports` only to the units' roles of this deployment (`admitReportFilers`);
 * JSON access logs and INFO execution logs (never bodies), X-Ray; every gateway-generated error is
 * rewritten into the hub's error body; a WAFv2 web ACL; with a custom domain, mutual TLS and the
 * default `execute-api` endpoint disabled.
 */
import { Lazy, Validations } from "aws-cdk-lib";
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
import { REPORTS_PATH } from "../../shared/wiring/reports-route.ts";
import type { CustomDomainConfig, FeedSourceConfig, ThrottleConfig, WafConfig } from "../config/schema.ts";
import { allowLogsService } from "./keys.ts";
import type { UnitRole } from "./unit-subscriptions.ts";

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
      `${REPORTS_PATH} only in a session of a unit's role of this deployment.`,
  },
  {
    // API Gateway answers an unknown route and an unsigned request to an IAM route alike.
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    code: "route.unknown",
    statusCode: "404",
    message:
      `No such route, or a request to ${REPORTS_PATH} without an AWS Signature Version 4. ` +
      `Feeds are sent with POST to ${FEEDS_PATH}/<source>; units' reports with POST to ${REPORTS_PATH}, signed by the unit's role.`,
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

export interface IngestApiProps {
  readonly handler: lambda.IFunction;
  /** `POST /v1/reports`: the reports function and the method's throttling. */
  readonly reports: { readonly handler: lambda.IFunction; readonly throttle: ThrottleConfig };
  readonly restApiName: string;
  readonly sources: Readonly<Record<FeedSourceId, FeedSourceConfig>>;
  /** Stage-wide default throttling. */
  readonly throttle: ThrottleConfig;
  readonly waf: WafConfig;
  readonly customDomain?: CustomDomainConfig;
  /** Set the account's API Gateway CloudWatch role (needed once per account and region for execution logs). */
  readonly manageAccountRole: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly logEncryptionKey?: kms.IKey;
}

export class IngestApi extends Construct {
  public readonly api: apigw.RestApi;
  public readonly accessLogGroup: logs.LogGroup;
  /** `POST /v1/feeds/<source>` per source, and the catch-all under `"{source}"`. */
  public readonly methods: ReadonlyMap<FeedSourceId | "{source}", apigw.Method>;
  /** `POST /v1/reports`, IAM-authorised. */
  public readonly reportsMethod: apigw.Method;
  /** The roles `admitReportFilers` admitted to `POST /v1/reports`, by their literal ARNs. */
  private readonly reportFilerArns: string[] = [];
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
    methodOptions[`${REPORTS_PATH}/POST`] = throttleOptions(props.reports.throttle);

    this.api = new apigw.RestApi(this, "Api", {
      restApiName: props.restApiName,
      description:
        "Order 195 hub: signed feeds of the upstream systems (Standard Webhooks) and the units' reports (IAM)",
      endpointTypes: [apigw.EndpointType.REGIONAL],
      disableExecuteApiEndpoint: props.customDomain !== undefined,
      cloudWatchRole: props.manageAccountRole,
      policy: resourcePolicy(props.sources, Lazy.list({ produce: () => this.reportFilerArns })),
      deployOptions: {
        stageName: STAGE_NAME,
        tracingEnabled: true,
        metricsEnabled: true,
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
    this.reportsMethod = this.api.root
      .resourceForPath(REPORTS_PATH)
      .addMethod(
        "POST",
        new apigw.LambdaIntegration(props.reports.handler, { proxy: true, allowTestInvoke: false }),
        {
          authorizationType: apigw.AuthorizationType.IAM,
        },
      );
    this.node.addValidation({
      validate: () =>
        this.reportFilerArns.length === 0 ? [`no unit role may file reports at ${REPORTS_PATH}`] : [],
    });

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
   * Lets each filing unit's role invoke `POST /v1/reports` of this API's stage (its identity policy),
   * and no other principal (the API's resource policy names the roles by ARN, whatever an identity
   * policy of the account allows).
   */
  admitReportFilers(filers: readonly UnitRole[]): void {
    const reportsArn = this.api.arnForExecuteApi("POST", REPORTS_PATH, STAGE_NAME);
    for (const filer of filers) {
      filer.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: "FileReports",
          actions: ["execute-api:Invoke"],
          resources: [reportsArn],
        }),
      );
      this.reportFilerArns.push(filer.roleArn);
    }
  }

  private acknowledgeAuthentication(): void {
    Validations.of(this.api).acknowledge({
      id: "AwsSolutions-APIG2",
      reason:
        "Requests are validated in the functions, in a fixed order: the Standard Webhooks signature over the raw body (feeds) or the IAM caller (reports) first, then the zod feed or report contracts (the one source of truth, also behind the OpenAPI document). A gateway model would duplicate the contract and validate unauthenticated input.",
    });
    Validations.of(this.reportsMethod).acknowledge({
      id: "AwsSolutions-COG4",
      reason:
        "The units file reports as machines and officers of the ministry, in sessions of their unit's IAM role: IAM authorization (SigV4), the role named by the API's resource policy. There are no Cognito identities.",
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

function throttleOptions(throttle: ThrottleConfig) {
  return { throttlingRateLimit: throttle.rateLimit, throttlingBurstLimit: throttle.burstLimit };
}

/**
 * Allow `POST /v1/feeds/*` from any source's CIDRs (so a known upstream calling an unknown source gets
 * the function's 404), then deny each source's own path to every address outside that source's list.
 * Allow `POST /v1/reports` to the unit roles (by `aws:PrincipalArn`: a condition, so a role need not
 * exist when the policy is set), and deny it to every other principal, whatever its identity policy.
 */
function resourcePolicy(
  sources: Readonly<Record<FeedSourceId, FeedSourceConfig>>,
  reportFilerArns: string[],
): iam.PolicyDocument {
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
      new iam.PolicyStatement({
        sid: "AllowUnitRolesToFileReports",
        principals: [new iam.AnyPrincipal()],
        actions: ["execute-api:Invoke"],
        resources: [`execute-api:/${STAGE_NAME}/POST${REPORTS_PATH}`],
        conditions: { ArnEquals: { "aws:PrincipalArn": reportFilerArns } },
      }),
      new iam.PolicyStatement({
        sid: "OnlyUnitRolesFileReports",
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ["execute-api:Invoke"],
        resources: [`execute-api:/*/POST${REPORTS_PATH}`],
        conditions: { ArnNotEquals: { "aws:PrincipalArn": reportFilerArns } },
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
