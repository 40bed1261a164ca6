/**
 * `hub poll` deletes a page it has acknowledged with one DeleteMessageBatch (against fauxqs, the local
 * hub's SQS), and says which entries SQS failed: those stay on the queue and come back.
 */
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deletePage, PAGE_SIZE, receive } from "../../../cli/queue-client.ts";
import { LOCAL_REGION, localCredentials } from "../../../local/local-aws.ts";
import { type SqsEmulator, startSqsEmulator } from "../../../local/sqs-emulator.ts";

describe("deletePage against fauxqs", () => {
  let emulator: SqsEmulator;
  let sqs: SQSClient;
  const commands: string[] = [];

  beforeAll(async () => {
    emulator = await startSqsEmulator({ region: LOCAL_REGION });
    sqs = new SQSClient({ endpoint: emulator.endpoint, region: LOCAL_REGION, credentials: localCredentials });
    sqs.middlewareStack.add(
      (next, context) => (args) => {
        commands.push(context.commandName ?? "");
        return next(args);
      },
      { step: "initialize" },
    );
  });
  afterAll(async () => {
    sqs.destroy();
    await emulator.stop();
  });

  it("deletes a whole received page with one request, and only that page", async () => {
    // Prepare: a page and two messages more
    const { QueueUrl: queueUrl = "" } = await sqs.send(new CreateQueueCommand({ QueueName: "unit-imc" }));
    for (const first of [0, PAGE_SIZE]) {
      const count = first === 0 ? PAGE_SIZE : 2;
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Array.from({ length: count }, (_, n) => ({
            Id: `m${first + n}`,
            MessageBody: JSON.stringify({ detail: { id: `notification-${first + n}` } }),
          })),
        }),
      );
    }
    const page = (await receive(sqs, queueUrl, 0)).map(({ message }) => message);
    expect(page).toHaveLength(PAGE_SIZE);
    commands.length = 0;

    // Act
    const undeleted = await deletePage(sqs, queueUrl, page);

    // Assess
    expect(undeleted).toEqual([]);
    expect(commands).toEqual(["DeleteMessageBatchCommand"]);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    expect(Attributes).toEqual({
      ApproximateNumberOfMessages: "2",
      ApproximateNumberOfMessagesNotVisible: "0",
    });
  });

  it("sends nothing for an empty page", async () => {
    commands.length = 0;

    expect(await deletePage(sqs, "http://127.0.0.1:1/000000000000/none", [])).toEqual([]);
    expect(commands).toEqual([]);
  });
});

describe("deletePage when SQS fails some entries", () => {
  const sqs = new SQSClient({ region: LOCAL_REGION });
  const mocked = mockClient(sqs);
  afterEach(() => mocked.reset());

  it("names each failed message with SQS's code and reason, and nothing else", async () => {
    // Prepare
    mocked.on(DeleteMessageBatchCommand).resolves({
      Successful: [{ Id: "0" }, { Id: "2" }],
      Failed: [{ Id: "1", Code: "ReceiptHandleIsInvalid", Message: "expired", SenderFault: true }],
    });
    const page = ["a", "b", "c"].map((id) => ({ MessageId: id, ReceiptHandle: `handle-${id}` }));

    // Act
    const undeleted = await deletePage(sqs, "queue-url", page);

    // Assess
    expect(undeleted).toEqual([{ messageId: "b", code: "ReceiptHandleIsInvalid", reason: "expired" }]);
    const [call] = mocked.commandCalls(DeleteMessageBatchCommand);
    expect(call?.args[0].input).toEqual({
      QueueUrl: "queue-url",
      Entries: page.map(({ ReceiptHandle }, index) => ({ Id: String(index), ReceiptHandle })),
    });
  });

  it("lets a request SQS refuses as a whole throw (the poll stops; the page comes back)", async () => {
    // Prepare
    mocked.on(DeleteMessageBatchCommand).rejects(new Error("AccessDenied"));

    // Act
    const refused = deletePage(sqs, "queue-url", [{ MessageId: "a", ReceiptHandle: "handle-a" }]);

    // Assess
    await expect(refused).rejects.toThrow("AccessDenied");
  });
});
