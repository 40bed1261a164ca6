import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { notificationItems } from "../../../shared/adapters/dynamodb/notification-items.ts";
import {
  DynamoNotificationStore,
  UnprocessedItemsError,
} from "../../../shared/adapters/dynamodb/notification-store.ts";
import { StoreUnavailableError } from "../../../shared/domain/errors.ts";
import { notificationOf } from "../support/feeds.ts";

const dynamodb = mockClient(DynamoDBClient);
afterEach(() => dynamodb.reset());

const metadata = (httpStatusCode?: number) => ({ $metadata: { httpStatusCode, attempts: 1 } });
/** A service error as the SDK builds it from an AWS JSON error response. */
const serviceError = (name: string, fault: "client" | "server", status: number) =>
  new DynamoDBServiceException({ name, $fault: fault, message: name, ...metadata(status) });

const notification = notificationOf("expulsion.ordered");
const backoff = vi.fn(async (_retry: number) => {});
const store = () =>
  new DynamoNotificationStore(new DynamoDBClient({ region: "eu-central-1" }), "notifications", 30, backoff);

/** Errors the SDK throws, as probed against a closed port, a silent server and DynamoDB's error responses. */
const transient: [string, Error][] = [
  [
    "a closed port (ECONNREFUSED)",
    Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED", ...metadata() }),
  ],
  [
    "a dropped connection",
    Object.assign(new Error("socket hang up"), { name: "TimeoutError", code: "ECONNRESET" }),
  ],
  [
    "a request time-out",
    Object.assign(new Error("request timed out"), { name: "TimeoutError", code: "ETIMEDOUT" }),
  ],
  ["an unresolvable endpoint", Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" })],
  [
    "provisioned throughput exceeded",
    new ProvisionedThroughputExceededException({ message: "slow down", ...metadata(400) }),
  ],
  ["throttling", serviceError("ThrottlingException", "client", 400)],
  ["an internal server error", new InternalServerError({ message: "boom", ...metadata(500) })],
  ["a 503 without a body", serviceError("Unknown", "server", 503)],
  ["an HTML 502 from a proxy", Object.assign(new SyntaxError("Unexpected token '<'"), metadata(502))],
  ["an error the SDK marks retryable", Object.assign(new Error("retry me"), { $retryable: {} })],
];

const faults: [string, Error][] = [
  ["a missing table", new ResourceNotFoundException({ message: "no table", ...metadata(400) })],
  ["access denied", serviceError("AccessDeniedException", "client", 400)],
  ["a validation error", serviceError("ValidationException", "client", 400)],
  ["a bug in the hub (TypeError)", new TypeError("cannot read properties of undefined")],
  ["an Error without any SDK mark", new Error("unexpected")],
];

describe("DynamoNotificationStore: which failures are the store being unavailable", () => {
  it.each(transient)("%s is StoreUnavailableError (503, retry later)", async (_, error) => {
    // Prepare
    dynamodb.on(PutItemCommand).rejects(error);

    // Act
    const stored = store().storeOnce(notification);

    // Assess
    await expect(stored).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(stored).rejects.toMatchObject({ cause: error });
  });

  it.each(faults)("%s is passed on as it is (500, a fault to fix)", async (_, error) => {
    // Prepare
    dynamodb.on(PutItemCommand).rejects(error);

    // Act
    const stored = store().storeOnce(notification);

    // Assess
    await expect(stored).rejects.toBe(error);
  });
});

describe("DynamoNotificationStore: writes", () => {
  it("stores a new record with a conditional put, then its subject items", async () => {
    // Prepare
    dynamodb.on(PutItemCommand).resolves({});
    dynamodb.on(BatchWriteItemCommand).resolves({});

    // Act
    const outcome = await store().storeOnce(notification);

    // Assess
    expect(outcome).toEqual({ status: "stored", notificationId: notification.id });
    expect(dynamodb.commandCalls(PutItemCommand)[0]?.args[0].input.ConditionExpression).toBe(
      "attribute_not_exists(pk)",
    );
    const written = dynamodb
      .commandCalls(BatchWriteItemCommand)
      .flatMap((call) => call.args[0].input.RequestItems?.notifications ?? []);
    expect(written).toHaveLength(notificationItems(notification, 30).subjects.length);
  });

  it("answers a record already stored as a duplicate, with the stored notification's id", async () => {
    // Prepare
    const earlier = { ...notification, id: "01JX0000000000000000000000" };
    dynamodb.on(PutItemCommand).rejects(
      new ConditionalCheckFailedException({
        message: "exists",
        Item: { notification: { S: JSON.stringify(earlier) } },
        ...metadata(400),
      }),
    );
    dynamodb.on(BatchWriteItemCommand).resolves({});

    // Act
    const outcome = await store().storeOnce(notification);

    // Assess
    expect(outcome).toEqual({ status: "duplicate", notificationId: earlier.id });
  });

  it("resends unprocessed subject items with backoff, then gives up as the store being unavailable", async () => {
    // Prepare
    dynamodb.on(PutItemCommand).resolves({});
    dynamodb.on(BatchWriteItemCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({
      UnprocessedItems: input.RequestItems,
    }));
    backoff.mockClear();

    // Act
    const stored = store().storeOnce(notification);

    // Assess
    await expect(stored).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(stored).rejects.toMatchObject({ cause: expect.any(UnprocessedItemsError) });
    expect(backoff.mock.calls.map(([retry]) => retry)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
