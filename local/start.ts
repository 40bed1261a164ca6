/** `npm start`: the local hub of one deployment, until Ctrl-C. */
import { parseArgs } from "node:util";
import { deploymentIds, deployments, isDeploymentId } from "../shared/domain/catalogue/index.ts";
import { LOCAL_HUB_FILE } from "./connection-file.ts";
import { DEFAULT_DEPLOYMENT, startLocalHub } from "./hub.ts";

const usage = `usage: npm start -- [--deployment NAME] [--persist DIR] [--port N]

  --deployment NAME  the deployment to run (default ${DEFAULT_DEPLOYMENT}); one of:
                     ${deploymentIds.join(", ")}
  --persist DIR      keep DynamoDB Local's data in DIR between runs (default: in memory)
  --port N           the HTTP port of the ingest API (default: a free port)
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${usage}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        deployment: { type: "string" },
        persist: { type: "string" },
        port: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (values.help === true) {
  process.stdout.write(usage);
  process.exit(0);
}
const deployment = values.deployment ?? DEFAULT_DEPLOYMENT;
if (!isDeploymentId(deployment)) fail(`unknown deployment '${deployment}'`);
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65_536))
  fail(`bad port '${values.port}'`);

// The SDK warns on every run that its 2027 releases need Node 22; this checkout pins a release that works on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// This terminal shows the hub's warnings and errors, not every request's log line and EMF document.
process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
const startedAt = performance.now();
process.stdout.write(`Starting the local hub of ${deployments[deployment].name.en}…\n`);
const hub = await startLocalHub({
  deployment,
  persistDir: values.persist,
  ports: { api: port },
  connectionFile: LOCAL_HUB_FILE,
});
const { connection } = hub;
const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
process.stdout.write(`
Ready in ${seconds} s: the ${connection.deployment} hub is running locally.

  ingest API     ${connection.apiUrl}/v1/feeds/{kqp|burkit|bil}
  reports API    ${connection.apiUrl}/v1/reports (SigV4, signed with a unit role's credentials)
  SQS (fauxqs)   ${connection.sqsEndpoint}
  DynamoDB Local ${connection.dynamodbEndpoint}${values.persist === undefined ? " (in memory)" : ` (data in ${values.persist})`}
  unit queues    ${Object.keys(connection.queues).join(", ")}
  connection     ${LOCAL_HUB_FILE} (URLs, queue URLs, this run's signing keys and credentials, for the CLI)

In another terminal:
  npx hub demo                                                       every kind, end to end
  npx hub send --source kqp samples/feeds/kqp/expulsion.ordered.json
  npx hub report --unit duty samples/reports/foreigner.detained.json
  npx hub poll --unit imc --ack
  npx hub status
  npx hub verify --from <time> --to <time>                          the evidence log (a checkpoint every 10 s)

Ctrl-C stops everything.
`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping the local hub…\n`);
  await hub.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
