/**
 * The one way the benchmark runs a fresh Node process (a cold start, a handler timed in isolation):
 * the child reports on its last stdout line, as JSON; a child that hangs is killed after the timeout.
 */
import { spawn } from "node:child_process";

export interface ChildRun<T> {
  /** The JSON object of the child's last stdout line. */
  readonly report: T;
  /** From spawning the process to its exit. */
  readonly wallMs: number;
}

export function runNodeProcess<T>(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { readonly label: string; readonly timeoutMs: number },
): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      try {
        resolve({ report: JSON.parse(stdout.trim().split("\n").pop() ?? "") as T, wallMs });
      } catch {
        reject(new Error(`${options.label}: exit ${code}, no JSON report; stderr: ${stderr}`));
      }
    });
  });
}
