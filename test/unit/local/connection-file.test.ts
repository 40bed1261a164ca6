import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  InvalidConnectionFileError,
  type LocalHubConnection,
  readConnectionFile,
  writeConnectionFile,
} from "../../../local/connection-file.ts";

const connection: LocalHubConnection = {
  apiUrl: "http://127.0.0.1:4000",
  deployment: "almaty",
  region: "eu-central-1",
  sqsEndpoint: "http://127.0.0.1:4001",
  dynamodbEndpoint: "http://127.0.0.1:4002",
  tableName: "Order195Hub-almaty-notifications",
  busEndpoint: "http://127.0.0.1:4003",
  busName: "order195-hub-almaty",
  jobsEndpoint: "http://127.0.0.1:4004",
  evidence: {
    tableName: "order195-hub-almaty-evidence",
    publicKeyFile: ".hub/evidence-almaty.pub.pem",
    extraSubscriptions: { "stay.overstay": ["duty"] },
  },
  lists: { endpoint: "http://127.0.0.1:4001", bucket: "monthlylistsbucketf336eaac" },
  queues: { imc: { url: "http://127.0.0.1:4001/q/imc", dlqUrl: "http://127.0.0.1:4001/q/imc-dlq" } },
  secrets: { kqp: "whsec_a2V5" },
  credentials: { duty: { accessKeyId: "ASIAEXAMPLEEXAMPLE01", secretAccessKey: "c2VjcmV0" } },
};

const scratch = () => mkdtempSync(join(tmpdir(), "hub-connection-"));

describe("the local hub's connection file", () => {
  it("reads back what the hub wrote", () => {
    const file = join(scratch(), ".hub", "local.json");

    writeConnectionFile(connection, file);

    expect(readConnectionFile(file)).toEqual(connection);
  });

  it("is readable by its owner only, even when it existed before with wider permissions", () => {
    const dir = scratch();
    const file = join(dir, "local.json");
    writeFileSync(file, "{}");
    chmodSync(file, 0o644);

    writeConnectionFile(connection, file);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["local.json"]); // the temporary file was renamed, not left behind
  });

  it("is absent where no hub has run, and refused when it is not a hub's", () => {
    const dir = scratch();
    const notJson = join(dir, "a.json");
    const otherShape = join(dir, "b.json");
    writeFileSync(notJson, "<html>");
    writeFileSync(otherShape, JSON.stringify({ ...connection, deployment: "atlantis" }));

    expect(readConnectionFile(join(dir, "missing.json"))).toBeUndefined();
    expect(() => readConnectionFile(notJson)).toThrow(InvalidConnectionFileError);
    expect(() => readConnectionFile(otherShape)).toThrow(/is not a local hub file: deployment: /);
  });
});
