import { execFile } from "node:child_process";
import { promisify } from "node:util";

const hubCli = new URL("../../bin/hub.mjs", import.meta.url).pathname;

export interface HubCliResult {
  readonly code: number;
  /** Standard output, followed by standard error when the command failed. */
  readonly stdout: string;
}

/**
 * The `hub` command line as a newcomer runs it in `folder` (where a local hub wrote its connection
 * file), without any HUB_* target from this process's environment.
 */
export function hubCliIn(folder: string): (...args: string[]) => Promise<HubCliResult> {
  return async (...args) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("HUB_")));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [hubCli, ...args], { cwd: folder, env });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: `${failed.stdout}${failed.stderr}` };
    }
  };
}
