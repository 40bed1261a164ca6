import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type EventPattern,
  matchesEventPattern,
  validateEventPattern,
} from "../../../local/event-pattern.ts";

/** At least 1,000 runs for every property, as the team agreed. */
const RUNS = { numRuns: 1000 } as const;

interface ConformanceCase {
  readonly name: string;
  readonly pattern: EventPattern;
  readonly event: Record<string, unknown>;
  readonly matches: boolean;
}

// The sample events of the EventBridge user guide, page "Amazon EventBridge event patterns".
const ec2StateChange = {
  version: "0",
  id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  account: "111122223333",
  time: "2017-12-22T18:43:48Z",
  region: "us-west-1",
  resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  detail: { "instance-id": "i-1234567890abcdef0", state: "terminated" },
};
const ec2Termination = {
  source: ["aws.ec2"],
  "detail-type": ["EC2 Instance State-change Notification"],
  detail: { state: ["terminated"] },
};
const macieAlert = {
  source: "aws.macie",
  "detail-type": "Macie Alert",
  detail: {
    "notification-type": "ALERT_CREATED",
    "risk-score": 80,
    trigger: { "alert-type": "basic", risk: 8 },
  },
};
// Page "Matching null values and empty strings in Amazon EventBridge event patterns".
const autoScalingLaunch = {
  source: "aws.autoscaling",
  "detail-type": "EC2 Instance Launch Successful",
  resources: [],
  detail: { eventVersion: "", responseElements: null },
};
// The event used by the aws/event-ruler README (the matcher behind EventBridge) and the content-filtering page.
const ec2Running = {
  "detail-type": "EC2 Instance State-change Notification",
  source: "aws.ec2",
  time: "2017-10-02T16:24:49Z",
  detail: { "c-count": 5, "d-count": 3, "x-limit": 301.8, "source-ip": "10.0.0.33", state: "running" },
};
const employees = {
  employees: [
    { firstName: "John", lastName: "Doe" },
    { firstName: "Anna", lastName: "Smith" },
    { firstName: "Peter", lastName: "Jones" },
  ],
};
// A DynamoDB stream record as Lambda filters it (page "Control which events Lambda sends to your function").
const dynamoInsert = {
  eventName: "INSERT",
  dynamodb: {
    Keys: { Id: { N: "101" } },
    NewImage: { Message: { S: "New item!" }, Id: { N: "101" }, active: { BOOL: true } },
    SequenceNumber: "111",
    SizeBytes: 26,
    StreamViewType: "NEW_AND_OLD_IMAGES",
  },
};

const withDetail = (detail: Record<string, unknown>) => ({ source: "aws.ec2", detail });

const conformance: Record<string, readonly ConformanceCase[]> = {
  // Page "Amazon EventBridge event patterns" (matching values, field matching, value matching) and the
  // "Equals" / "And" / "Or" rows of "Comparison operators for use in event patterns".
  "exact match, AND across fields, OR within a list": [
    {
      name: "the guide's EC2 termination pattern",
      pattern: ec2Termination,
      event: ec2StateChange,
      matches: true,
    },
    {
      name: "a different state does not match",
      pattern: ec2Termination,
      event: { ...ec2StateChange, detail: { state: "running" } },
      matches: false,
    },
    {
      name: "any value of the list matches (aws.ec2 or aws.fargate)",
      pattern: { source: ["aws.ec2", "aws.fargate"] },
      event: { source: "aws.fargate" },
      matches: true,
    },
    {
      name: "a value outside the list does not match",
      pattern: { source: ["aws.ec2", "aws.fargate"] },
      event: { source: "aws.s3" },
      matches: false,
    },
    {
      name: "matching is case-sensitive",
      pattern: { source: ["AWS.EC2"] },
      event: ec2StateChange,
      matches: false,
    },
    {
      name: "the field must be present",
      pattern: { detail: { state: ["terminated"] } },
      event: { source: "aws.ec2" },
      matches: false,
    },
    {
      name: "the field must sit at the same nesting",
      pattern: { state: ["terminated"] },
      event: ec2StateChange,
      matches: false,
    },
    {
      name: "AND: Location is New York and Day is Monday",
      pattern: { Location: ["New York"], Day: ["Monday"] },
      event: { Location: "New York", Day: "Monday" },
      matches: true,
    },
    {
      name: "AND fails when one field differs",
      pattern: { Location: ["New York"], Day: ["Monday"] },
      event: { Location: "New York", Day: "Tuesday" },
      matches: false,
    },
    {
      name: "numbers: Macie risk-score 80 and trigger risk 8",
      pattern: { source: ["aws.macie"], detail: { "risk-score": [80], trigger: { risk: [8] } } },
      event: macieAlert,
      matches: true,
    },
    {
      name: "a number does not match the same digits written as a string",
      pattern: { detail: { "risk-score": [80] } },
      event: { detail: { "risk-score": "80" } },
      matches: false,
    },
    {
      name: "a string does not match the same digits written as a number",
      pattern: { detail: { "risk-score": ["80"] } },
      event: macieAlert,
      matches: false,
    },
    {
      name: "true matches the JSON literal true",
      pattern: { dynamodb: { NewImage: { active: { BOOL: [true] } } } },
      event: dynamoInsert,
      matches: true,
    },
    {
      name: 'true does not match the string "true"',
      pattern: { flag: [true] },
      event: { flag: "true" },
      matches: false,
    },
    {
      name: "a number in a value list matches numerically (300 = 300.5 - 0.5)",
      pattern: { amount: [3.0e2] },
      event: { amount: 300.5 - 0.5 },
      matches: true,
    },
    {
      name: "an account ID written as a number beyond the numeric range matches by equality",
      pattern: { account: [123456789012] },
      event: { account: 123456789012 },
      matches: true,
    },
    {
      name: "event-ruler names fields by dot-joined paths, so a dotted key reaches a nested field",
      pattern: { "detail.state": ["terminated"] },
      event: ec2StateChange,
      matches: true,
    },
  ],

  // Page "Matching null values and empty strings in Amazon EventBridge event patterns"; Lambda's "Null" and "Empty".
  "null and empty string": [
    {
      name: '[""] matches an empty string',
      pattern: { detail: { eventVersion: [""] } },
      event: autoScalingLaunch,
      matches: true,
    },
    {
      name: "[null] matches a null value",
      pattern: { detail: { responseElements: [null] } },
      event: autoScalingLaunch,
      matches: true,
    },
    {
      name: "an empty string is not null",
      pattern: { detail: { responseElements: [""] } },
      event: autoScalingLaunch,
      matches: false,
    },
    {
      name: "null is not an empty string",
      pattern: { detail: { eventVersion: [null] } },
      event: autoScalingLaunch,
      matches: false,
    },
    {
      name: "[null] does not match a missing field",
      pattern: { UserID: [null] },
      event: { Name: "Alice" },
      matches: false,
    },
    {
      name: "the guide's field matching example (responseElements null)",
      pattern: {
        source: ["aws.autoscaling"],
        "detail-type": ["EC2 Instance Launch Successful"],
        detail: { responseElements: [null] },
      },
      event: autoScalingLaunch,
      matches: true,
    },
  ],

  // Page "Arrays in Amazon EventBridge event patterns" and the event-ruler README's "JSON Array Matching".
  "arrays in the event": [
    {
      name: "matches when the pattern list and the event array intersect",
      pattern: {
        resources: [
          "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
          "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
        ],
      },
      event: {
        resources: [
          "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b:autoScalingGroupName/ASGTerminate",
          "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
        ],
      },
      matches: true,
    },
    {
      name: "does not match when the intersection is empty",
      pattern: { resources: ["arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"] },
      event: { resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"] },
      matches: false,
    },
    {
      name: "an empty event array matches no value",
      pattern: { resources: [""] },
      event: autoScalingLaunch,
      matches: false,
    },
    {
      name: "objects inside an array are matched as if they were the field's value",
      pattern: { employees: { firstName: ["Anna"] } },
      event: employees,
      matches: true,
    },
    {
      name: "two fields must come from the same array element (Anna Smith)",
      pattern: { employees: { firstName: ["Anna"], lastName: ["Smith"] } },
      event: employees,
      matches: true,
    },
    {
      name: "fields from different array elements do not combine (Anna Jones)",
      pattern: { employees: { firstName: ["Anna"], lastName: ["Jones"] } },
      event: employees,
      matches: false,
    },
    {
      name: "multi-level arrays are crushed too",
      pattern: { employees: { firstName: ["Peter"] } },
      event: { employees: [[{ firstName: "John" }], [{ firstName: "Peter" }]] },
      matches: true,
    },
    {
      name: "operators apply to every element of an event array",
      pattern: { scores: [{ numeric: [">", 90] }] },
      event: { scores: [12, 95, 40] },
      matches: true,
    },
  ],

  // Page "Comparison operators for use in event patterns": "Begins with", "Begins with (ignore case)".
  prefix: [
    {
      name: "time begins with 2017-10-02",
      pattern: { time: [{ prefix: "2017-10-02" }] },
      event: ec2Running,
      matches: true,
    },
    {
      name: "another day does not",
      pattern: { time: [{ prefix: "2017-10-03" }] },
      event: ec2Running,
      matches: false,
    },
    {
      name: "Region is in the US",
      pattern: { Region: [{ prefix: "us-" }] },
      event: { Region: "us-east-1" },
      matches: true,
    },
    {
      name: "prefix is case-sensitive",
      pattern: { Region: [{ prefix: "US-" }] },
      event: { Region: "us-east-1" },
      matches: false,
    },
    {
      name: "prefix only applies to strings",
      pattern: { code: [{ prefix: "1" }] },
      event: { code: 123 },
      matches: false,
    },
    {
      name: "prefix ignoring case: service starts with eventb",
      pattern: { service: [{ prefix: { "equals-ignore-case": "eventb" } }] },
      event: { service: "EventBridge" },
      matches: true,
    },
    {
      name: "prefix ignoring case still needs the prefix",
      pattern: { service: [{ prefix: { "equals-ignore-case": "eventb" } }] },
      event: { service: "SQS" },
      matches: false,
    },
  ],

  // "Ends with", "Ends with (ignore case)".
  suffix: [
    {
      name: "FileName ends with .png",
      pattern: { FileName: [{ suffix: ".png" }] },
      event: { FileName: "photo.png" },
      matches: true,
    },
    {
      name: "a .jpg does not",
      pattern: { FileName: [{ suffix: ".png" }] },
      event: { FileName: "photo.jpg" },
      matches: false,
    },
    {
      name: "suffix is case-sensitive",
      pattern: { FileName: [{ suffix: ".png" }] },
      event: { FileName: "photo.PNG" },
      matches: false,
    },
    {
      name: "suffix ignoring case: service ends with tBridge",
      pattern: { service: [{ suffix: { "equals-ignore-case": "tBridge" } }] },
      event: { service: "EVENTBRIDGE" },
      matches: true,
    },
    {
      name: "suffix ignoring case still needs the suffix",
      pattern: { service: [{ suffix: { "equals-ignore-case": "tBridge" } }] },
      event: { service: "EventBus" },
      matches: false,
    },
  ],

  // "Equals (ignore case)".
  "equals-ignore-case": [
    {
      name: "Name is alice in any case",
      pattern: { Name: [{ "equals-ignore-case": "alice" }] },
      event: { Name: "ALICE" },
      matches: true,
    },
    {
      name: "mixed case",
      pattern: { "detail-type": [{ "equals-ignore-case": "ec2 instance STATE-change notification" }] },
      event: ec2StateChange,
      matches: true,
    },
    {
      name: "a longer value is not equal",
      pattern: { Name: [{ "equals-ignore-case": "alice" }] },
      event: { Name: "Alicia" },
      matches: false,
    },
    {
      name: "non-ASCII letters fold too",
      pattern: { City: [{ "equals-ignore-case": "алматы" }] },
      event: { City: "АЛМАТЫ" },
      matches: true,
    },
    {
      name: "only strings",
      pattern: { Name: [{ "equals-ignore-case": "true" }] },
      event: { Name: true },
      matches: false,
    },
  ],

  // "Anything-but" and its begins-with / ends-with / ignore-case / wildcard forms; Lambda's "Not".
  "anything-but": [
    {
      name: "state is anything but initializing",
      pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
      event: ec2Running,
      matches: true,
    },
    {
      name: "initializing itself is excluded",
      pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
      event: withDetail({ state: "initializing" }),
      matches: false,
    },
    {
      name: "x-limit is anything but 123",
      pattern: { detail: { "x-limit": [{ "anything-but": 123 }] } },
      event: ec2Running,
      matches: true,
    },
    {
      name: "123 itself is excluded",
      pattern: { detail: { "x-limit": [{ "anything-but": 123 }] } },
      event: withDetail({ "x-limit": 123 }),
      matches: false,
    },
    {
      name: "a list of strings: stopped or overloaded excluded",
      pattern: { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
      event: withDetail({ state: "overloaded" }),
      matches: false,
    },
    {
      name: "a list of strings lets other states through",
      pattern: { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
      event: ec2Running,
      matches: true,
    },
    {
      name: "a list of numbers: 200 excluded",
      pattern: { detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } },
      event: withDetail({ "x-limit": 200 }),
      matches: false,
    },
    {
      name: "a list of numbers lets 150 through",
      pattern: { detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } },
      event: withDetail({ "x-limit": 150 }),
      matches: true,
    },
    {
      name: "a missing field is not 'anything but'",
      pattern: { Weather: [{ "anything-but": ["Raining"] }] },
      event: { City: "Almaty" },
      matches: false,
    },
    {
      name: "a null value is anything but a string",
      pattern: { Weather: [{ "anything-but": ["Raining"] }] },
      event: { Weather: null },
      matches: true,
    },
    {
      name: "a string of digits is anything but the number",
      pattern: { limit: [{ "anything-but": 123 }] },
      event: { limit: "123" },
      matches: true,
    },
    {
      name: "an event array matches if any element is not excluded",
      pattern: { tags: [{ "anything-but": "internal" }] },
      event: { tags: ["internal", "public"] },
      matches: true,
    },
    {
      name: "an event array of only excluded values does not",
      pattern: { tags: [{ "anything-but": "internal" }] },
      event: { tags: ["internal"] },
      matches: false,
    },
    {
      name: "begins with: Region is not in the US",
      pattern: { Region: [{ "anything-but": { prefix: "us-" } }] },
      event: { Region: "eu-west-1" },
      matches: true,
    },
    {
      name: "begins with: a US Region is excluded",
      pattern: { Region: [{ "anything-but": { prefix: "us-" } }] },
      event: { Region: "us-east-1" },
      matches: false,
    },
    {
      name: "begins with: state without the init prefix",
      pattern: { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
      event: withDetail({ state: "initializing" }),
      matches: false,
    },
    {
      name: "ends with: FileName that is not a .png",
      pattern: { FileName: [{ "anything-but": { suffix: ".png" } }] },
      event: { FileName: "notes.txt" },
      matches: true,
    },
    {
      name: "ends with: a .png is excluded",
      pattern: { FileName: [{ "anything-but": { suffix: ".png" } }] },
      event: { FileName: "photo.png" },
      matches: false,
    },
    {
      name: "ignore case: INITIALIZING is excluded",
      pattern: { state: [{ "anything-but": { "equals-ignore-case": "initializing" } }] },
      event: { state: "INITIALIZING" },
      matches: false,
    },
    {
      name: "ignore case with a list lets other values through",
      pattern: { state: [{ "anything-but": { "equals-ignore-case": ["initializing", "stopped"] } }] },
      event: { state: "Running" },
      matches: true,
    },
    {
      name: "wildcard: a path that includes /lib/ is excluded",
      pattern: { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] },
      event: { FilePath: "/usr/lib/libc.so" },
      matches: false,
    },
    {
      name: "wildcard: other paths pass",
      pattern: { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] },
      event: { FilePath: "/usr/bin/env" },
      matches: true,
    },
    {
      name: "wildcard with a list excludes every listed shape",
      pattern: { FilePath: [{ "anything-but": { wildcard: ["*/lib/*", "*/bin/*"] } }] },
      event: { FilePath: "/usr/bin/env" },
      matches: false,
    },
  ],

  // Page "Content filtering" (numeric matching) and the "Numeric" rows of the operators table / Lambda table.
  numeric: [
    {
      name: "the guide's c-count, d-count, x-limit pattern",
      pattern: {
        detail: {
          "c-count": [{ numeric: [">", 0, "<=", 5] }],
          "d-count": [{ numeric: ["<", 10] }],
          "x-limit": [{ numeric: ["=", 3.018e2] }],
        },
      },
      event: ec2Running,
      matches: true,
    },
    {
      name: "the range's open bottom excludes 0",
      pattern: { detail: { "c-count": [{ numeric: [">", 0, "<=", 5] }] } },
      event: withDetail({ "c-count": 0 }),
      matches: false,
    },
    {
      name: "the range's closed top includes 5",
      pattern: { detail: { "c-count": [{ numeric: [">", 0, "<=", 5] }] } },
      event: withDetail({ "c-count": 5 }),
      matches: true,
    },
    {
      name: "above the top",
      pattern: { detail: { "c-count": [{ numeric: [">", 0, "<=", 5] }] } },
      event: withDetail({ "c-count": 5.000001 }),
      matches: false,
    },
    {
      name: "Price is 100",
      pattern: { Price: [{ numeric: ["=", 100] }] },
      event: { Price: 100 },
      matches: true,
    },
    {
      name: "Price between 10 (open) and 20 (closed): 10 is out",
      pattern: { Price: [{ numeric: [">", 10, "<=", 20] }] },
      event: { Price: 10 },
      matches: false,
    },
    {
      name: ">= and < bound a half-open range",
      pattern: { Price: [{ numeric: [">=", -2.5, "<", 0] }] },
      event: { Price: -2.5 },
      matches: true,
    },
    {
      name: "a number written as a string is not a number",
      pattern: { Price: [{ numeric: [">", 10] }] },
      event: { Price: "15" },
      matches: false,
    },
    {
      name: "null is not a number",
      pattern: { Price: [{ numeric: [">=", 0] }] },
      event: { Price: null },
      matches: false,
    },
    {
      name: "values beyond ±5e9 are outside numeric matching",
      pattern: { Price: [{ numeric: [">", 0] }] },
      event: { Price: 6e9 },
      matches: false,
    },
    {
      name: "the limit 5e9 itself is inside",
      pattern: { Price: [{ numeric: [">=", 5e9] }] },
      event: { Price: 5e9 },
      matches: true,
    },
    {
      name: "precision is six decimals: 100.0000001 equals 100",
      pattern: { Price: [{ numeric: ["=", 100] }] },
      event: { Price: 100.0000001 },
      matches: true,
    },
    {
      name: "the sixth decimal still counts",
      pattern: { Price: [{ numeric: ["=", 100] }] },
      event: { Price: 100.000001 },
      matches: false,
    },
    {
      name: "Lambda: Temperature above 50, at most 60, in a Kinesis record",
      pattern: { data: { Temperature: [{ numeric: [">", 50, "<=", 60] }] } },
      event: { partitionKey: "1", data: { City: "Seattle", Temperature: 55 } },
      matches: true,
    },
  ],

  // Page "Content filtering" (exists matching) and the "Exists" / "Does not exist" rows.
  exists: [
    {
      name: "exists: true when the field is present",
      pattern: { detail: { "c-count": [{ exists: true }] } },
      event: ec2Running,
      matches: true,
    },
    {
      name: "exists: true fails when it is absent",
      pattern: { ProductName: [{ exists: true }] },
      event: { Price: 3 },
      matches: false,
    },
    {
      name: "exists: true matches a null value (null is a value)",
      pattern: { ProductName: [{ exists: true }] },
      event: { ProductName: null },
      matches: true,
    },
    {
      name: "exists only works on leaves: an object value does not exist",
      pattern: { detail: { "c-count": [{ exists: true }] } },
      event: withDetail({ "c-count": { c1: 100 } }),
      matches: false,
    },
    {
      name: "an empty array holds no value",
      pattern: { resources: [{ exists: true }] },
      event: autoScalingLaunch,
      matches: false,
    },
    {
      name: "exists: false when detail.c-count is absent (the guide's example)",
      pattern: { detail: { "c-count": [{ exists: false }] } },
      event: withDetail({ state: ["initializing", "running"] }),
      matches: true,
    },
    {
      name: "exists: false also matches an object value, as c-count is not a leaf",
      pattern: { detail: { "c-count": [{ exists: false }] } },
      event: withDetail({ state: "running", "c-count": { c1: 100 } }),
      matches: true,
    },
    {
      name: "exists: false fails when the field is present",
      pattern: { detail: { "c-count": [{ exists: false }] } },
      event: ec2Running,
      matches: false,
    },
    {
      name: "exists: false fails on a null value",
      pattern: { ProductName: [{ exists: false }] },
      event: { ProductName: null },
      matches: false,
    },
    {
      name: "exists: false matches when the whole parent is missing",
      pattern: { detail: { "c-count": [{ exists: false }] } },
      event: { source: "aws.ec2" },
      matches: true,
    },
  ],

  // "IP address" row of the operators table and "IP address matching" (IPv4 and IPv6).
  cidr: [
    {
      name: "10.0.0.33 is in 10.0.0.0/24",
      pattern: { detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } },
      event: ec2Running,
      matches: true,
    },
    {
      name: "10.0.1.1 is not",
      pattern: { detail: { "source-ip": [{ cidr: "10.0.0.0/24" }] } },
      event: withDetail({ "source-ip": "10.0.1.1" }),
      matches: false,
    },
    {
      name: "a string that is not an address",
      pattern: { sourceIPAddress: [{ cidr: "10.0.0.0/8" }] },
      event: { sourceIPAddress: "AWS Internal" },
      matches: false,
    },
    {
      name: "IPv6 inside 2001:db8::/32",
      pattern: { sourceIPAddress: [{ cidr: "2001:db8::/32" }] },
      event: { sourceIPAddress: "2001:db8:85a3::8a2e:370:7334" },
      matches: true,
    },
    {
      name: "IPv6 outside 2001:db8::/32",
      pattern: { sourceIPAddress: [{ cidr: "2001:db8::/32" }] },
      event: { sourceIPAddress: "2001:db9::1" },
      matches: false,
    },
    {
      name: "an IPv4 address is never inside an IPv6 block",
      pattern: { sourceIPAddress: [{ cidr: "::/0" }] },
      event: { sourceIPAddress: "10.0.0.1" },
      matches: false,
    },
    {
      name: "an IP-address value matches the same address written differently",
      pattern: { sourceIPAddress: ["2001:db8::1"] },
      event: { sourceIPAddress: "2001:DB8:0:0:0:0:0:1" },
      matches: true,
    },
  ],

  // "Wildcard" row and "Wildcard matching" (including escaping the asterisk).
  wildcard: [
    {
      name: "an event bus ARN in us-east-1, any account",
      pattern: { EventBusArn: [{ wildcard: "arn:aws:events:us-east-1:*:event-bus/*" }] },
      event: { EventBusArn: "arn:aws:events:us-east-1:123456789012:event-bus/myEventBus" },
      matches: true,
    },
    {
      name: "another Region does not match",
      pattern: { EventBusArn: [{ wildcard: "arn:aws:events:us-east-1:*:event-bus/*" }] },
      event: { EventBusArn: "arn:aws:events:eu-west-1:123456789012:event-bus/myEventBus" },
      matches: false,
    },
    {
      name: "a .png anywhere under dir/",
      pattern: { FileName: [{ wildcard: "dir/*.png" }] },
      event: { FileName: "dir/sub/photo.png" },
      matches: true,
    },
    {
      name: "* also matches nothing",
      pattern: { FileName: [{ wildcard: "dir/*.png" }] },
      event: { FileName: "dir/.png" },
      matches: true,
    },
    {
      name: "the literal parts must all be there",
      pattern: { FileName: [{ wildcard: "dir/*.png" }] },
      event: { FileName: "dir/photo.jpg" },
      matches: false,
    },
    {
      name: "\\* is a literal asterisk",
      pattern: { note: [{ wildcard: "a\\*b" }] },
      event: { note: "a*b" },
      matches: true,
    },
    {
      name: "an escaped asterisk is not a wildcard",
      pattern: { note: [{ wildcard: "a\\*b" }] },
      event: { note: "axxb" },
      matches: false,
    },
    {
      name: "\\\\ is a literal backslash",
      pattern: { path: [{ wildcard: "C:\\\\*" }] },
      event: { path: "C:\\Windows" },
      matches: true,
    },
    {
      name: "wildcards are case-sensitive and apply to strings only",
      pattern: { code: [{ wildcard: "1*" }] },
      event: { code: 123 },
      matches: false,
    },
  ],

  // "$or matching" in "Comparison operators" and the event-ruler README's $or examples.
  $or: [
    {
      name: "Location is New York, or Day is Monday: the second holds",
      pattern: { $or: [{ Location: ["New York"] }, { Day: ["Monday"] }] },
      event: { Location: "Almaty", Day: "Monday" },
      matches: true,
    },
    {
      name: "neither holds",
      pattern: { $or: [{ Location: ["New York"] }, { Day: ["Monday"] }] },
      event: { Location: "Almaty", Day: "Friday" },
      matches: false,
    },
    {
      name: "source AND (metricName OR namespace)",
      pattern: {
        source: ["aws.cloudwatch"],
        $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }],
      },
      event: { source: "aws.cloudwatch", namespace: "AWS/ES" },
      matches: true,
    },
    {
      name: "the AND still applies",
      pattern: {
        source: ["aws.cloudwatch"],
        $or: [{ metricName: ["CPUUtilization", "ReadLatency"] }, { namespace: ["AWS/EC2", "AWS/ES"] }],
      },
      event: { source: "aws.ec2", namespace: "AWS/ES" },
      matches: false,
    },
    {
      name: "an $or inside detail, with numeric operators",
      pattern: {
        detail: {
          $or: [
            { "c-count": [{ numeric: [">", 0, "<=", 5] }] },
            { "d-count": [{ numeric: ["<", 10] }] },
            { "x-limit": [{ numeric: ["=", 3.018e2] }] },
          ],
        },
      },
      event: withDetail({ "c-count": 9, "d-count": 30, "x-limit": 301.8 }),
      matches: true,
    },
    {
      name: "parallel $or at two levels: both must hold",
      pattern: {
        $or: [{ metricName: ["CPUUtilization"] }, { namespace: ["AWS/EC2"] }],
        detail: {
          $or: [{ source: ["aws.cloudwatch"] }, { "detail-type": ["CloudWatch Alarm State Change"] }],
        },
      },
      event: { namespace: "AWS/EC2", detail: { source: "aws.s3", "detail-type": "Object Created" } },
      matches: false,
    },
    {
      name: "an AND inside an $or branch",
      pattern: {
        source: ["aws.cloudwatch"],
        $or: [
          { metricName: ["CPUUtilization"] },
          { metricType: ["MetricType"], namespace: ["AWS/EC2"] },
          { scope: ["Service"] },
        ],
      },
      event: { source: "aws.cloudwatch", metricType: "MetricType", namespace: "AWS/EC2" },
      matches: true,
    },
    {
      name: "a nested $or inside an $or branch",
      pattern: {
        source: ["aws.cloudwatch"],
        $or: [
          { metricName: ["CPUUtilization"] },
          { metricType: ["MetricType"], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
        ],
      },
      event: { source: "aws.cloudwatch", metricType: "MetricType", spaceId: 1000 },
      matches: true,
    },
    {
      name: "the nested $or must hold too",
      pattern: {
        source: ["aws.cloudwatch"],
        $or: [
          { metricName: ["CPUUtilization"] },
          { metricType: ["MetricType"], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
        ],
      },
      event: { source: "aws.cloudwatch", metricType: "MetricType", spaceId: 2000 },
      matches: false,
    },
  ],

  // "Complex example with multiple matching" (content filtering) and operators combined in one list.
  combinations: [
    {
      name: "the guide's complex example",
      pattern: {
        time: [{ prefix: "2017-10-02" }],
        detail: {
          state: [{ "anything-but": "initializing" }],
          "c-count": [{ numeric: [">", 0, "<=", 5] }],
          "d-count": [{ numeric: ["<", 10] }],
          "x-limit": [{ "anything-but": [100, 200, 300] }],
          "source-ip": [{ cidr: "10.0.0.0/8" }],
        },
      },
      event: ec2Running,
      matches: true,
    },
    {
      name: "the complex example fails on one field",
      pattern: {
        time: [{ prefix: "2017-10-02" }],
        detail: { state: [{ "anything-but": "running" }], "c-count": [{ numeric: [">", 0, "<=", 5] }] },
      },
      event: ec2Running,
      matches: false,
    },
    {
      name: "operators inside one list are ORed (a prefix or an exact value)",
      pattern: { Region: [{ prefix: "us-" }, "eu-west-1"] },
      event: { Region: "eu-west-1" },
      matches: true,
    },
    {
      name: "…and fail when none applies",
      pattern: { Region: [{ prefix: "us-" }, "eu-west-1"] },
      event: { Region: "ap-south-1" },
      matches: false,
    },
    {
      name: "missing OR a given value: absent",
      pattern: { priority: [{ exists: false }, "high"] },
      event: { title: "x" },
      matches: true,
    },
    {
      name: "missing OR a given value: another value",
      pattern: { priority: [{ exists: false }, "high"] },
      event: { priority: "low" },
      matches: false,
    },
    {
      name: "exists: false is judged within the array element the other fields came from",
      pattern: { items: { sku: ["A1"], zone: [{ exists: false }] } },
      event: { items: [{ sku: "A1" }, { sku: "B2", zone: "north" }] },
      matches: true,
    },
    {
      name: "…that is, by the fields whose paths sort before it, as event-ruler walks paths in order",
      pattern: { items: { sku: ["A1"], discount: [{ exists: false }] } },
      event: { items: [{ sku: "A1" }, { sku: "B2", discount: 5 }] },
      matches: false,
    },
  ],

  // Lambda "Filter rule syntax" applied to DynamoDB stream records (and CDK's FilterRule helpers).
  "Lambda event-source-mapping filters": [
    {
      name: 'the multi-level filter on Keys.Id.N = "101"',
      pattern: { dynamodb: { Keys: { Id: { N: ["101"] } } } },
      event: dynamoInsert,
      matches: true,
    },
    {
      name: "another key does not pass",
      pattern: { dynamodb: { Keys: { Id: { N: ["102"] } } } },
      event: dynamoInsert,
      matches: false,
    },
    {
      name: "eventName INSERT with a BOOL in the new image (FilterRule.isEqual)",
      pattern: { eventName: ["INSERT"], dynamodb: { NewImage: { active: { BOOL: [true] } } } },
      event: dynamoInsert,
      matches: true,
    },
    {
      name: "FilterRule.notEquals on eventName",
      pattern: { eventName: [{ "anything-but": ["REMOVE"] }] },
      event: { ...dynamoInsert, eventName: "REMOVE" },
      matches: false,
    },
    {
      name: "FilterRule.between on SizeBytes",
      pattern: { dynamodb: { SizeBytes: [{ numeric: [">", 10, "<=", 30] }] } },
      event: dynamoInsert,
      matches: true,
    },
    {
      name: "FilterRule.notExists on the old image of an INSERT",
      pattern: { dynamodb: { OldImage: [{ exists: false }] } },
      event: dynamoInsert,
      matches: true,
    },
    {
      name: "FilterRule.beginsWith on a string attribute",
      pattern: { dynamodb: { NewImage: { Message: { S: [{ prefix: "New" }] } } } },
      event: dynamoInsert,
      matches: true,
    },
  ],
};

const allCases = Object.values(conformance).flat();

describe("matchesEventPattern: conformance with the EventBridge and Lambda documentation", () => {
  it("covers every operator with at least 80 cases, each pattern one that AWS accepts", () => {
    // Prepare / Act
    const problems = allCases.flatMap(({ name, pattern }) =>
      validateEventPattern(pattern).map((problem) => `${name}: ${problem}`),
    );

    // Assess
    expect(allCases.length).toBeGreaterThanOrEqual(80);
    expect(problems).toEqual([]);
  });

  describe.each(Object.entries(conformance))("%s", (_operator, cases) => {
    it.each(cases)("$name", ({ pattern, event, matches }) => {
      // Prepare: the pattern and event come from the table above

      // Act
      const result = matchesEventPattern(pattern, event);

      // Assess
      expect(result).toBe(matches);
    });
  });
});

describe("validateEventPattern: patterns AWS refuses", () => {
  it.each<[string, unknown, string]>([
    ["a pattern that is not an object", ["aws.ec2"], "must be a JSON object"],
    ["a leaf that is not a list", { source: "aws.ec2" }, "must be an object or an array"],
    ["an empty value list", { source: [] }, "empty arrays"],
    ["an empty nested object", { detail: {} }, "empty objects"],
    ["a list inside a value list", { source: [["aws.ec2"]] }, "match value must be"],
    ["an unknown operator", { source: [{ contains: "ec2" }] }, 'unknown operator "contains"'],
    ["two operators in one object", { source: [{ prefix: "a", suffix: "b" }] }, "exactly one operator"],
    ["a prefix that is not a string", { source: [{ prefix: 1 }] }, "prefix: must be a string"],
    ["numeric with an unknown operator", { n: [{ numeric: ["!=", 1] }] }, "unrecognised numeric operator"],
    ["numeric with a string operand", { n: [{ numeric: ["=", "5"] }] }, 'value of "=" must be a number'],
    [
      "numeric with the upper bound first",
      { n: [{ numeric: ["<", 5, ">", 1] }] },
      "must be the only comparison",
    ],
    [
      "numeric with a range closed by >",
      { n: [{ numeric: [">", 1, ">", 5] }] },
      'must close with "<" or "<="',
    ],
    ["numeric with bottom above top", { n: [{ numeric: [">", 5, "<", 1] }] }, "bottom of the range"],
    ["numeric with too many terms", { n: [{ numeric: [">", 0, "<", 5, "<", 6] }] }, "too many terms"],
    ["numeric beyond 5e9", { n: [{ numeric: ["<", 6e9] }] }, "outside the numeric range"],
    ["exists with a string", { n: [{ exists: "yes" }] }, "must be true or false"],
    [
      "anything-but mixing strings and numbers",
      { n: [{ "anything-but": ["a", 1] }] },
      "only strings or only numbers",
    ],
    ["anything-but with null", { n: [{ "anything-but": null }] }, "must be a string, a number"],
    ["anything-but with an empty prefix", { n: [{ "anything-but": { prefix: "" } }] }, "empty prefix"],
    ["anything-but with numeric inside", { n: [{ "anything-but": { numeric: [">", 1] } }] }, "unsupported"],
    ["a wildcard with consecutive **", { f: [{ wildcard: "a**b" }] }, "consecutive wildcard"],
    ["a wildcard with an unknown escape", { f: [{ wildcard: "a\\b" }] }, "invalid escape"],
    ["a CIDR without mask", { ip: [{ cidr: "10.0.0.0" }] }, 'one "/"'],
    ["a CIDR that is not an address", { ip: [{ cidr: "ten/8" }] }, "not an IPv4 or IPv6"],
    ["a whole-address IPv4 CIDR", { ip: [{ cidr: "10.0.0.1/32" }] }, "mask bits must be < 32"],
    ["$or with a single branch", { $or: [{ a: ["x"] }] }, "at least 2"],
    ["$or that is not a list", { $or: { a: ["x"] } }, "must be an array"],
    ["$or with a non-object", { $or: [{ a: ["x"] }, "b"] }, "only JSON objects"],
    [
      "a reserved word as a field inside $or",
      { $or: [{ numeric: [1] }, { prefix: ["a"] }] },
      "reserved word",
    ],
  ])("refuses %s", (_label, pattern, expectedProblem) => {
    // Act
    const problems = validateEventPattern(pattern);

    // Assess
    expect(problems.join("\n")).toContain(expectedProblem);
  });

  it("reports every problem of a pattern, not only the first", () => {
    // Prepare
    const pattern = { source: "aws.ec2", detail: { state: [{ wildcard: "**" }], count: [] } };

    // Act
    const problems = validateEventPattern(pattern);

    // Assess
    expect(problems).toHaveLength(3);
  });

  it("makes a refused pattern match nothing", () => {
    // Prepare
    const refused = { source: ["aws.ec2"], detail: { state: [{ contains: "term" }] } };

    // Act
    const result = matchesEventPattern(refused, ec2StateChange);

    // Assess
    expect(result).toBe(false);
  });
});

describe("matchesEventPattern: properties", () => {
  type Leaf = string | number | boolean | null;
  const leafArbitrary: fc.Arbitrary<Leaf> = fc.oneof(
    fc.string(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );
  const keyArbitrary = fc.string({ maxLength: 6 }).filter((key) => key !== "$or");
  const { event: eventArbitrary } = fc.letrec<{ event: Record<string, unknown>; value: unknown }>((tie) => ({
    event: fc.dictionary(keyArbitrary, tie("value"), { maxKeys: 5 }),
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leafArbitrary,
      fc.array(leafArbitrary, { maxLength: 4 }),
      tie("event"),
      fc.array(tie("event"), { maxLength: 3 }),
    ),
  }));

  /** Each leaf of the event wrapped in a list; a non-empty list of leaves kept as the list itself. */
  function patternFromOwnValues(node: Record<string, unknown>): EventPattern {
    const pattern: EventPattern = {};
    for (const [key, value] of Object.entries(node)) {
      if (value === null || typeof value !== "object") {
        pattern[key] = [value];
      } else if (Array.isArray(value)) {
        const leaves = value.filter((item) => item === null || typeof item !== "object");
        if (leaves.length > 0 && leaves.length === value.length) pattern[key] = leaves;
        else {
          // An array of objects: the pattern of its first element, which must then match as one element.
          const [firstObject] = value;
          if (firstObject !== null && typeof firstObject === "object" && !Array.isArray(firstObject)) {
            const nested = patternFromOwnValues(firstObject as Record<string, unknown>);
            if (Object.keys(nested).length > 0) pattern[key] = nested;
          }
        }
      } else {
        const nested = patternFromOwnValues(value as Record<string, unknown>);
        if (Object.keys(nested).length > 0) pattern[key] = nested;
      }
    }
    return pattern;
  }

  it("matches an event with a pattern made of the event's own values", () => {
    fc.assert(
      fc.property(eventArbitrary, (event) => {
        // Prepare
        const pattern = patternFromOwnValues(event);
        fc.pre(Object.keys(pattern).length > 0);

        // Act
        const result = matchesEventPattern(pattern, event);

        // Assess
        expect(validateEventPattern(pattern)).toEqual([]);
        expect(result).toBe(true);
      }),
      RUNS,
    );
  });

  it("never throws, whatever the JSON event", () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom(...allCases.map(({ pattern }) => pattern)),
        (event, pattern) => {
          // Act
          const outcome = () => matchesEventPattern(pattern, event);

          // Assess
          expect(outcome).not.toThrow();
          expect(typeof outcome()).toBe("boolean");
        },
      ),
      RUNS,
    );
  });

  it("never throws, whatever JSON is offered as a pattern", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (pattern, event) => {
        // Act
        const validate = () => validateEventPattern(pattern);
        const match = () => matchesEventPattern(pattern as EventPattern, event);

        // Assess
        expect(validate).not.toThrow();
        expect(match).not.toThrow();
      }),
      RUNS,
    );
  });

  it("makes anything-but the exact complement of an exact string match on a present field", () => {
    fc.assert(
      fc.property(fc.string(), leafArbitrary, (excluded, value) => {
        // Prepare: IP-address literals are left out, as an exact IP value also matches other spellings of it
        fc.pre(!/[.:]/.test(excluded));
        const event = { field: value };

        // Act
        const anythingBut = matchesEventPattern({ field: [{ "anything-but": excluded }] }, event);
        const exact = matchesEventPattern({ field: [excluded] }, event);

        // Assess
        expect(anythingBut).toBe(!exact);
      }),
      RUNS,
    );
  });

  it("matches a numeric range exactly when the number lies inside it, at six decimals", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5_000_000, max: 5_000_000 }),
        fc.integer({ min: -5_000_000, max: 5_000_000 }),
        fc.integer({ min: -5_000_000, max: 5_000_000 }),
        (lowMicros, highMicros, valueMicros) => {
          // Prepare: numbers with at most six decimals, so the expectation is exact
          fc.pre(lowMicros < highMicros);
          const pattern = { n: [{ numeric: [">", lowMicros / 1e6, "<=", highMicros / 1e6] }] };

          // Act
          const result = matchesEventPattern(pattern, { n: valueMicros / 1e6 });

          // Assess
          expect(result).toBe(valueMicros > lowMicros && valueMicros <= highMicros);
        },
      ),
      RUNS,
    );
  });
});
