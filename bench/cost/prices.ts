/**
 * AWS list prices used by the cost model (`npm run cost`), in ONE typed table: every figure with its
 * unit, the AWS pricing page it belongs to, the date it is stated for, and whether it was confirmed here.
 *
 * Reference region: eu-central-1 (Europe, Frankfurt). AWS has no region in Kazakhstan; Frankfurt is
 * the deployment default of the hub (infra/config/defaults.ts), it has every service the stack uses,
 * and among the full-featured regions it is one of the nearest to Kazakhstan by network. Prices vary
 * by region (e.g. DynamoDB, API Gateway and CloudWatch Logs cost more in Frankfurt than in us-east-1):
 * re-check every figure for another region.
 *
 * How the figures were checked (2026-11-25): AWS pricing pages render their per-region tables with
 * JavaScript, so the stored copies of those pages that could be read here show the rules (what is
 * billed, in which units) and mostly the us-east-1 or region-independent figures, never the Frankfurt
 * table. `confirmed` says exactly what was read:
 *   - "confirmed": the same figure was read for this price (the price does not vary by region, or the
 *     page states it without a region);
 *   - "us-east-1 only": the us-east-1 figure and the billing rule were read; the Frankfurt figure given
 *     here is from the AWS price list as known to the author and is NOT confirmed here;
 *   - "not confirmed here": nothing authoritative for the figure could be read.
 * Free tiers are ignored throughout (the model prices every unit).
 */

export const PRICE_REGION = "eu-central-1";
export const PRICE_REGION_NAME = "Europe (Frankfurt)";
/** The date the figures below are stated for ("as listed on …"). */
export const PRICES_AS_OF = "2026-11-25";

export type Confirmation = "confirmed" | "us-east-1 only" | "not confirmed here";

export interface PriceEntry {
  /** US dollars per `unit`. */
  readonly usd: number;
  readonly unit: string;
  readonly service: string;
  /** The AWS pricing page of the service. */
  readonly source: string;
  /** "As listed on" this date. */
  readonly asListedOn: string;
  readonly confirmed: Confirmation;
  /** What was read, where, and what it said. */
  readonly note: string;
}

const page = {
  apiGateway: "https://aws.amazon.com/api-gateway/pricing/",
  waf: "https://aws.amazon.com/waf/pricing/",
  lambda: "https://aws.amazon.com/lambda/pricing/",
  dynamodb: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
  eventbridge: "https://aws.amazon.com/eventbridge/pricing/",
  sqs: "https://aws.amazon.com/sqs/pricing/",
  kms: "https://aws.amazon.com/kms/pricing/",
  secrets: "https://aws.amazon.com/secrets-manager/pricing/",
  cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
  xray: "https://aws.amazon.com/xray/pricing/",
  ec2DataTransfer: "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer",
} as const;

const on = PRICES_AS_OF;

export const prices = {
  apiGatewayRestRequest: {
    usd: 3.7,
    unit: "per million REST API requests (first 333 M/month)",
    service: "API Gateway",
    source: page.apiGateway,
    asListedOn: on,
    confirmed: "us-east-1 only",
    note: "Read: REST APIs $3.50 per million for the first 333 M in us-east-1 (AWS whitepaper 'Best Practices for Designing Amazon API Gateway Private APIs', cost optimization, table 4). Frankfurt $3.70 not confirmed here.",
  },
  wafWebAcl: {
    usd: 5,
    unit: "per web ACL per month",
    service: "AWS WAF",
    source: page.waf,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "Read (aws.github.io AWS security services best practices, WAF cost): a monthly fixed cost per web ACL; the figure itself was not readable here.",
  },
  wafRule: {
    usd: 1,
    unit: "per rule per web ACL per month (a managed rule group counts as one rule)",
    service: "AWS WAF",
    source: page.waf,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "Read (same guide): 'each rule group (custom or managed) counts as a single rule for billing'; the $1.00 figure was not readable here. The AWS managed Common and Known-Bad-Inputs groups carry no subscription fee.",
  },
  wafRequest: {
    usd: 0.6,
    unit: "per million requests inspected",
    service: "AWS WAF",
    source: page.waf,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "Billing rule read (requests inspected by the web ACL); figure not confirmed here.",
  },
  lambdaRequest: {
    usd: 0.2,
    unit: "per million invocations",
    service: "Lambda",
    source: page.lambda,
    asListedOn: on,
    confirmed: "us-east-1 only",
    note: "Read: $0.20 per million requests (us-east-1 examples on the AWS page and third-party copies). Frankfurt is listed at the same figure to the author's knowledge; not confirmed here.",
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    unit: "per GB-second, arm64 (first 7.5 billion GB-s/month)",
    service: "Lambda",
    source: page.lambda,
    asListedOn: on,
    confirmed: "us-east-1 only",
    note: "Read: Arm $0.0000133334 per GB-s for the first 7.5 billion GB-s (us-east-1, cloudchipr.com copy of the AWS table). Frankfurt same figure to the author's knowledge; not confirmed here. Duration is billed per 1 ms, INIT included for on-demand functions.",
  },
  lambdaX86GbSecond: {
    usd: 0.0000166667,
    unit: "per GB-second, x86_64 (first 6 billion GB-s/month)",
    service: "Lambda",
    source: page.lambda,
    asListedOn: on,
    confirmed: "us-east-1 only",
    note: "Read: x86 $0.0000166667 per GB-s (us-east-1). Used only if a function in the template is not arm64.",
  },
  dynamodbWriteRequestUnit: {
    usd: 0.7625,
    unit: "per million write request units (on-demand, Standard table class)",
    service: "DynamoDB",
    source: page.dynamodb,
    asListedOn: on,
    confirmed: "us-east-1 only",
    note: "Read: $0.625 per million WRU in us-east-1 (after the November 2024 on-demand price cut) and the rules: a standard write of ≤1 KB = 1 WRU, a transactional write = 2 WRU per KB. Frankfurt $0.7625 not confirmed here.",
  },
  dynamodbReadRequestUnit: {
    usd: 0.1525,
    unit: "per million read request units (on-demand)",
    service: "DynamoDB",
    source: page.dynamodb,
    asListedOn: on,
    confirmed: "us-east-1 only",
    note: "Read: $0.125 per million RRU in us-east-1. Frankfurt $0.1525 not confirmed here. The data path performs no reads (conditional writes; Lambda stream reads are free).",
  },
  dynamodbStorage: {
    usd: 0.306,
    unit: "per GB-month of table and index storage (Standard table class)",
    service: "DynamoDB",
    source: page.dynamodb,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "Rule read (item size rules, developer guide 'DynamoDB item sizes and formats'); us-east-1 $0.25 per GB-month is the commonly quoted figure; Frankfurt $0.306 not confirmed here. Storage counts 100 bytes of overhead per item and per index entry.",
  },
  dynamodbPitr: {
    usd: 0.2448,
    unit: "per GB-month of table size with point-in-time recovery",
    service: "DynamoDB",
    source: page.dynamodb,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "Read (finops.com.py DynamoDB backups): PITR charged on table size, $0.20 per GB-month (us-east-1, third-party). Frankfurt $0.2448 not confirmed here. The charge does not depend on the recovery window (1–35 days).",
  },
  dynamodbWriteRequestUnitIa: {
    usd: 0.953125,
    unit: "per million write request units (on-demand, Standard-IA table class)",
    service: "DynamoDB",
    source: page.dynamodb,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "Rule read (DynamoDB developer guide 'Considerations when choosing a table class', docs.amazonaws.cn): Standard-IA trades ≈25 % dearer reads and writes for ≈60 % cheaper storage, the class applying to the table and all its indexes. Figure = 1.25 × the Standard $0.7625; not confirmed here.",
  },
  dynamodbReadRequestUnitIa: {
    usd: 0.190625,
    unit: "per million read request units (on-demand, Standard-IA table class)",
    service: "DynamoDB",
    source: page.dynamodb,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "1.25 × the Standard $0.1525 (same rule as the Standard-IA writes); not confirmed here.",
  },
  dynamodbStorageIa: {
    usd: 0.1224,
    unit: "per GB-month of table and index storage (Standard-IA table class)",
    service: "DynamoDB",
    source: page.dynamodb,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "0.4 × the Standard $0.306 (same rule: ≈60 % cheaper storage; us-east-1 $0.10 against $0.25 is the commonly quoted pair). Point-in-time recovery is priced on the table size whatever the class. Not confirmed here.",
  },
  eventbridgeCustomEvent: {
    usd: 1,
    unit: "per million custom events published (each 64 KB chunk of an event = 1)",
    service: "EventBridge",
    source: page.eventbridge,
    asListedOn: on,
    confirmed: "us-east-1 only",
    note: "Read: custom events $1.00 per million, metered in 64 KB chunks; same-account delivery to targets is free (cloudburn.io, March 2026, us-east-1, 'consistent across most commercial regions'; hykell.com). Frankfurt figure not confirmed here.",
  },
  eventbridgeArchiveProcessing: {
    usd: 0.1,
    unit: "per GB of events archived",
    service: "EventBridge",
    source: page.eventbridge,
    asListedOn: on,
    confirmed: "us-east-1 only",
    note: "Read: archive processing $0.10 per GB (us-east-1, third-party copies of the AWS table). Frankfurt not confirmed here.",
  },
  eventbridgeArchiveStorage: {
    usd: 0.023,
    unit: "per GB-month of archived events",
    service: "EventBridge",
    source: page.eventbridge,
    asListedOn: on,
    confirmed: "us-east-1 only",
    note: "Read: archive storage $0.023 per GB-month (us-east-1, third-party copies). Frankfurt not confirmed here (may be slightly higher).",
  },
  sqsRequest: {
    usd: 0.4,
    unit: "per million standard-queue requests (each 64 KB chunk of a payload = 1 request)",
    service: "SQS",
    source: page.sqs,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "Rule read (64 KB chunks, up to 10 messages per request). Figure $0.40 per million standard requests is the us-east-1 and, to the author's knowledge, Frankfurt figure; not confirmed here.",
  },
  kmsKey: {
    usd: 1,
    unit: "per customer managed key per month (first version; each of the first two rotations adds $1)",
    service: "KMS",
    source: page.kms,
    asListedOn: on,
    confirmed: "confirmed",
    note: "Read: $1 per key per month (AWS KMS pricing as quoted in several copies; same in every commercial region). The rotation surcharge is not confirmed here.",
  },
  kmsRequest: {
    usd: 0.03,
    unit: "per 10,000 symmetric-key requests",
    service: "KMS",
    source: page.kms,
    asListedOn: on,
    confirmed: "confirmed",
    note: "Read: $0.03 per 10,000 requests (copies of the AWS KMS price). Same in every commercial region.",
  },
  kmsAsymmetricRequest: {
    usd: 0.15,
    unit: "per 10,000 asymmetric requests (ECC keys: Sign, GetPublicKey)",
    service: "KMS",
    source: page.kms,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "The AWS page read here was cut off before its asymmetric figure; third-party copies (factualminds.com, June 2026) put asymmetric operations at 5× the symmetric $0.03, i.e. $0.15 per 10,000, the figure known to the author. At one Sign per checkpoint the line is cents a month either way.",
  },
  secretsManagerSecret: {
    usd: 0.4,
    unit: "per secret per month",
    service: "Secrets Manager",
    source: page.secrets,
    asListedOn: on,
    confirmed: "confirmed",
    note: "Read: $0.40 per secret per month, quoted verbatim from the AWS page's pricing examples (api-evangelist transcription of the page, read 2026-09-20).",
  },
  secretsManagerApiCall: {
    usd: 0.05,
    unit: "per 10,000 API calls",
    service: "Secrets Manager",
    source: page.secrets,
    asListedOn: on,
    confirmed: "confirmed",
    note: "Read: $0.05 per 10,000 API calls (same transcription).",
  },
  cloudwatchAlarmStandard: {
    usd: 0.1,
    unit: "per standard-resolution alarm metric per month",
    service: "CloudWatch",
    source: page.cloudwatch,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "Read: the AWS page (free tier: 10 alarm metrics; 'Pricing varies by Region'); the paid figure was not readable here.",
  },
  cloudwatchAlarmHighResolution: {
    usd: 0.3,
    unit: "per high-resolution alarm metric per month",
    service: "CloudWatch",
    source: page.cloudwatch,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "Used only for alarms with a period under 60 s (the template has none).",
  },
  cloudwatchDashboard: {
    usd: 3,
    unit: "per dashboard per month",
    service: "CloudWatch",
    source: page.cloudwatch,
    asListedOn: on,
    confirmed: "us-east-1 only",
    note: "Read: dashboards at $3 each (factualminds.com summary of the AWS page); free tier of 3 dashboards ignored.",
  },
  cloudwatchCustomMetric: {
    usd: 0.3,
    unit: "per custom metric per month (first 10,000)",
    service: "CloudWatch",
    source: page.cloudwatch,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "Embedded-metric-format metrics of the functions and API Gateway detailed (per-method) metrics are billed as custom metrics; figure not confirmed here.",
  },
  cloudwatchLogsIngestion: {
    usd: 0.63,
    unit: "per GB ingested (Standard log class)",
    service: "CloudWatch Logs",
    source: page.cloudwatch,
    asListedOn: on,
    confirmed: "us-east-1 only",
    note: "Read: $0.50 per GB in us-east-1 (c3x.dev and hykell.com copies; $0.76 in ap-northeast-1 per awsi.click). Frankfurt $0.63 not confirmed here.",
  },
  cloudwatchLogsStorage: {
    usd: 0.0324,
    unit: "per GB-month archived (compressed)",
    service: "CloudWatch Logs",
    source: page.cloudwatch,
    asListedOn: on,
    confirmed: "us-east-1 only",
    note: "Read: $0.03 per GB-month in us-east-1. Frankfurt $0.0324 not confirmed here. Stored data is compressed.",
  },
  xrayTraceRecorded: {
    usd: 5,
    unit: "per million traces recorded",
    service: "X-Ray",
    source: page.xray,
    asListedOn: on,
    confirmed: "confirmed",
    note: "Read on aws.amazon.com/de/xray/pricing and /cn/xray/pricing: $5 per million traces recorded ($0.000005 per trace), stated without a region.",
  },
  dataTransferOutInternet: {
    usd: 0.09,
    unit: "per GB out to the internet (first 10 TB/month)",
    service: "Data transfer",
    source: page.ec2DataTransfer,
    asListedOn: on,
    confirmed: "not confirmed here",
    note: "Applies when the units' consumers poll their queues from outside AWS (police networks in Kazakhstan). Figure not confirmed here.",
  },
} as const satisfies Record<string, PriceEntry>;

export type PriceKey = keyof typeof prices;

/** What the model needs of a price: its figure. Tests pass tables of their own. */
export type PriceFigures = Readonly<Record<PriceKey, { readonly usd: number }>>;
