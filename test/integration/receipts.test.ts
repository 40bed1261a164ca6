/**
 * The receipts function against DynamoDB Local, invoked as API Gateway invokes it after IAM
 * authorization: notifications are stored by the real reports path, the unit and officer come from the
 * signer's role session, and every acknowledgement lands in the ledger.
 */
import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyResult } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReceiptsHandler } from "../../functions/receipts/app.ts";
import type { RecordReceiptsDependencies } from "../../functions/receipts/record-receipts.ts";
import { apiGatewayProxyEvent, type IamCaller } from "../../local/api-gateway-event.ts";
import { localLambdaContext } from "../../local/lambda-context.ts";
import { DynamoNotificationsById } from "../../shared/adapters/dynamodb/notifications-by-id.ts";
import { DynamoReceiptLedger } from "../../shared/adapters/dynamodb/receipt-ledger.ts";
import { receiptsRecordedBodySchema } from "../../shared/api/receipts.ts";
import { errorBodySchema } from "../../shared/api/responses.ts";
import type { ExtraSubscriptions, UnitId, UnitReportKindId } from "../../shared/domain/catalogue/index.ts";
import { StoreUnavailableError } from "../../shared/domain/errors.ts";
import { RECEIPTS_PATH } from "../../shared/wiring/receipts-route.ts";
import { hubNameOf, unitRoleName } from "../../shared/wiring/unit-roles.ts";
import { reportFixture, withFreshReportIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable } from "../support/hub-harness.ts";
import { reportsHarness, roleSession } from "../support/reports-harness.ts";

const client = dynamoDbClient();
let tableName: string;
let reports: ReturnType<typeof reportsHarness>;
let ledger: DynamoReceiptLedger;

beforeAll(async () => {
  tableName = await freshTable(client);
  reports = reportsHarness({ client, tableName });
  ledger = new DynamoReceiptLedger(client, tableName);
});
afterAll(() => client.destroy());

/** The real receipts handler on this table, with the deployment's extra subscriptions and its own seams. */
function receiptsHandler(
  options: { extras?: ExtraSubscriptions; ledger?: RecordReceiptsDependencies["ledger"] } = {},
) {
  return createReceiptsHandler({
    deployment: "almaty",
    extraSubscriptions: options.extras ?? {},
    notifications: new DynamoNotificationsById(client, tableName),
    ledger: options.ledger ?? ledger,
    now: () => new Date(),
    logger: new Logger({ serviceName: "receipts-test" }),
    metrics: new Metrics({ namespace: "Order195HubTest", serviceName: "receipts-test" }),
  });
}

const session = (unit: UnitId, officer = "b.nurlanov"): IamCaller =>
  roleSession(unitRoleName(hubNameOf("almaty"), unit), officer);

async function acknowledge(caller: IamCaller, body: unknown, handler = receiptsHandler()) {
  const event = apiGatewayProxyEvent({
    method: "POST",
    resource: RECEIPTS_PATH,
    path: RECEIPTS_PATH,
    pathParameters: null,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    caller,
  });
  const raw = (await handler(event, localLambdaContext("receipts"))) as APIGatewayProxyResult;
  const parsed: unknown = JSON.parse(raw.body);
  return {
    status: raw.statusCode,
    results: raw.statusCode === 200 ? receiptsRecordedBodySchema.parse(parsed).results : undefined,
    error: raw.statusCode === 200 ? undefined : errorBodySchema.parse(parsed).error,
  };
}

/** A report of `kind` filed through the real reports path, placed in Almaty: its notification id. */
async function stored(kind: UnitReportKindId): Promise<string> {
  const fixture = reportFixture(kind);
  const body = withFreshReportIds(fixture, randomUUID());
  const [report] = body.reports;
  const response = await reports.file(fixture.unit, { reports: [{ ...report, region: "KZ-75" }] });
  const id = response.accepted?.results[0]?.notificationId;
  if (id === undefined) throw new Error(`the ${kind} report was not stored: ${response.status}`);
  return id;
}

describe("receipts: recorded", () => {
  it("records `received` once, then `actioned` as a new fact; repeats and `received` after `actioned` change nothing", async () => {
    const id = await stored("foreigner.detained"); // to imc
    const imc = session("imc", "a.tulegenov");

    const received = await acknowledge(imc, { receipts: [{ notificationId: id, status: "received" }] });
    const again = await acknowledge(imc, { receipts: [{ notificationId: id, status: "received" }] });
    const actioned = await acknowledge(session("imc", "k.omarova"), {
      receipts: [{ notificationId: id, status: "actioned", reference: "КУИ 2026-0113" }],
    });
    const late = await acknowledge(imc, {
      receipts: [
        { notificationId: id, status: "received" },
        { notificationId: id, status: "actioned", reference: "another" },
      ],
    });

    expect(received.status).toBe(200);
    expect(received.results).toEqual([
      { notificationId: id, status: "received", outcome: "recorded", receivedAt: expect.any(String) },
    ]);
    const receivedAt = received.results?.[0]?.receivedAt;
    expect(again.results).toEqual([
      { notificationId: id, status: "received", outcome: "unchanged", receivedAt },
    ]);
    expect(actioned.results).toEqual([
      {
        notificationId: id,
        status: "actioned",
        outcome: "recorded",
        receivedAt,
        actionedAt: expect.any(String),
        reference: "КУИ 2026-0113",
      },
    ]);
    expect(late.results?.map((result) => [result.outcome, result.reference])).toEqual([
      ["unchanged", "КУИ 2026-0113"],
      ["unchanged", "КУИ 2026-0113"],
    ]);
    expect(await ledger.receiptsOf(id)).toEqual([
      {
        notificationId: id,
        unit: "imc",
        received: { at: receivedAt, officer: "a.tulegenov", principal: imc.userArn },
        actioned: {
          at: actioned.results?.[0]?.actionedAt,
          officer: "k.omarova",
          principal: session("imc", "k.omarova").userArn,
          reference: "КУИ 2026-0113",
        },
      },
    ]);
  });

  it("takes `actioned` first as received too, and keeps each unit's receipt apart", async () => {
    const id = await stored("foreigner.undocumented"); // to imc and migration-service

    const actioned = await acknowledge(session("migration-service"), {
      receipts: [{ notificationId: id, status: "actioned" }],
    });
    const received = await acknowledge(session("imc"), {
      receipts: [{ notificationId: id, status: "received" }],
    });

    const [result] = actioned.results ?? [];
    expect(result?.outcome).toBe("recorded");
    expect(result?.receivedAt).toBe(result?.actionedAt);
    expect(received.results?.[0]?.outcome).toBe("recorded");
    expect(
      (await ledger.receiptsOf(id)).map((receipt) => [receipt.unit, receipt.actioned !== undefined]),
    ).toEqual([
      ["imc", false],
      ["migration-service", true],
    ]);
  });

  it("records one of two concurrent identical acknowledgements, and answers the other `unchanged`", async () => {
    const id = await stored("prisoner.released"); // to imc and admin-police
    const body = { receipts: [{ notificationId: id, status: "received" }] };

    const answers = await Promise.all([acknowledge(session("imc"), body), acknowledge(session("imc"), body)]);

    expect(answers.map((answer) => answer.results?.[0]?.outcome).sort()).toEqual(["recorded", "unchanged"]);
  });

  it("lets a unit of the deployment's extra subscriptions acknowledge, as routing at publish time does", async () => {
    const id = await stored("foreigner.detained");
    const extras = { "foreigner.detained": ["migration-service"] } as const;

    const response = await acknowledge(
      session("migration-service"),
      { receipts: [{ notificationId: id, status: "received" }] },
      receiptsHandler({ extras }),
    );

    expect(response.status).toBe(200);
  });
});

describe("receipts: refused, nothing recorded", () => {
  it("answers 403 `receipt.forbidden` for a notification not routed to the caller's unit, even beside one that is", async () => {
    const routed = await stored("foreigner.undocumented"); // imc, migration-service
    const notRouted = await stored("foreigner.detained"); // imc only

    const response = await acknowledge(session("migration-service"), {
      receipts: [
        { notificationId: routed, status: "received" },
        { notificationId: notRouted, status: "received" },
      ],
    });

    expect(response.status).toBe(403);
    expect(response.error?.code).toBe("receipt.forbidden");
    expect(response.error?.details).toEqual([
      {
        path: "/receipts/1/notificationId",
        code: "receipt.not-routed",
        message: expect.stringContaining("migration-service"),
      },
    ]);
    expect(await ledger.receiptsOf(routed)).toEqual([]);
  });

  it("answers 404 `notification.unknown` for an id no notification has", async () => {
    const known = await stored("foreigner.detained");

    const response = await acknowledge(session("imc"), {
      receipts: [
        { notificationId: known, status: "received" },
        { notificationId: "01KB0000000000000000000000", status: "received" },
      ],
    });

    expect(response.status).toBe(404);
    expect(response.error?.code).toBe("notification.unknown");
    expect(response.error?.details.map((detail) => detail.path)).toEqual(["/receipts/1/notificationId"]);
    expect(await ledger.receiptsOf(known)).toEqual([]);
  });

  it.each([
    ["no receipts", { receipts: [] }, "/receipts"],
    [
      "not a notification id",
      { receipts: [{ notificationId: "42", status: "received" }] },
      "/receipts/0/notificationId",
    ],
    [
      "an unknown status",
      { receipts: [{ notificationId: "01KB0000000000000000000000", status: "read" }] },
      "/receipts/0/status",
    ],
    [
      "a reference with `received`",
      { receipts: [{ notificationId: "01KB0000000000000000000000", status: "received", reference: "x" }] },
      "/receipts/0",
    ],
    [
      "a reference on two lines",
      { receipts: [{ notificationId: "01KB0000000000000000000000", status: "actioned", reference: "a\nb" }] },
      "/receipts/0/reference",
    ],
    [
      "101 receipts",
      {
        receipts: Array.from({ length: 101 }, () => ({
          notificationId: "01KB0000000000000000000000",
          status: "received",
        })),
      },
      "/receipts",
    ],
  ])("answers 422 `contract.invalid` for %s", async (_, body, path) => {
    const response = await acknowledge(session("imc"), body);

    expect(response.status).toBe(422);
    expect(response.error?.code).toBe("contract.invalid");
    expect(response.error?.details.map((detail) => detail.path)).toContain(path);
  });

  it("answers 403 `caller.unknown` to a role of another deployment", async () => {
    const id = await stored("foreigner.detained");

    const response = await acknowledge(roleSession(unitRoleName(hubNameOf("astana"), "imc")), {
      receipts: [{ notificationId: id, status: "received" }],
    });

    expect([response.status, response.error?.code]).toEqual([403, "caller.unknown"]);
  });

  it("answers 503 `store.unavailable` with Retry-After when the ledger cannot take the receipts", async () => {
    const id = await stored("foreigner.detained");
    const unavailable = {
      acknowledge: async () => {
        throw new StoreUnavailableError({ cause: new Error("throttled") });
      },
    };

    const response = await acknowledge(
      session("imc"),
      { receipts: [{ notificationId: id, status: "received" }] },
      receiptsHandler({ ledger: unavailable }),
    );

    expect([response.status, response.error?.code]).toEqual([503, "store.unavailable"]);
  });
});
