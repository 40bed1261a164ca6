import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { localCredentials } from "../../../local/local-aws.ts";
import { startSqsEmulator } from "../../../local/sqs-emulator.ts";
import { otherAddresses, reachable } from "../../support/network.ts";

describe("the SQS emulator", () => {
  it("serves SQS on 127.0.0.1 and cannot be reached on the machine's other addresses", async () => {
    const emulator = await startSqsEmulator({ region: "eu-central-1" });
    const sqs = new SQSClient({
      endpoint: emulator.endpoint,
      region: "eu-central-1",
      credentials: localCredentials,
    });
    try {
      const created = await sqs.send(new CreateQueueCommand({ QueueName: "probe" }));

      expect(created.QueueUrl).toMatch(/\/000000000000\/probe$/);
      for (const address of otherAddresses())
        expect(await reachable(address, emulator.port), address).toBe(false);
    } finally {
      sqs.destroy();
      await emulator.stop();
    }
  });
});
