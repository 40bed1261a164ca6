/**
 * The units' IAM roles, locally. On AWS an officer assumes the unit's role, naming the session after
 * themselves, and signs with the session's temporary credentials; API Gateway then reports the
 * assumed-role ARN (role and session name) to the function. Locally each unit role gets credentials
 * for the run, and the session name travels in the session token, `x-amz-security-token`, which the
 * signature covers: only a holder of the unit's secret can choose it, as only a holder of the role
 * can choose its session name on AWS (docs/decisions/local-hub.md).
 */
import { createHash, randomBytes } from "node:crypto";
import type { UnitId } from "../shared/domain/catalogue/index.ts";
import type { IamCaller } from "./api-gateway-event.ts";

export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** AWS's rule for a role session name (`RoleSessionName` of `sts:AssumeRole`). */
export const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;

const SESSION_TOKEN_PREFIX = "order195-local-session:";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function base32(bytes: Uint8Array, length: number): string {
  return Array.from(bytes.subarray(0, length), (byte) => BASE32[byte % 32]).join("");
}

/** Temporary credentials shaped as STS issues them: an `ASIA…` key id and a 40-character secret. */
export function generateRoleCredentials(): RoleCredentials {
  return {
    accessKeyId: `ASIA${base32(randomBytes(16), 16)}`,
    secretAccessKey: randomBytes(30).toString("base64"),
  };
}

/** The session token the local hub accepts: it names the session, nothing else. */
export function localSessionToken(sessionName: string): string {
  return `${SESSION_TOKEN_PREFIX}${sessionName}`;
}

/** The session name a local session token carries, or `undefined` when it is not a valid one. */
export function sessionNameOf(token: string | undefined): string | undefined {
  if (token?.startsWith(SESSION_TOKEN_PREFIX) !== true) return undefined;
  const name = token.slice(SESSION_TOKEN_PREFIX.length);
  return SESSION_NAME_PATTERN.test(name) ? name : undefined;
}

/** A role's unique id as IAM shows it (`AROA…`), stable for a role name. */
function roleIdOf(roleName: string): string {
  return `AROA${base32(createHash("sha256").update(roleName).digest(), 17)}`;
}

/** What API Gateway reports as the caller of a request signed in a session of a unit's role. */
export function assumedRoleCaller(options: {
  readonly account: string;
  readonly roleName: string;
  readonly sessionName: string;
  readonly accessKeyId: string;
}): IamCaller {
  const { account, roleName, sessionName } = options;
  return {
    accountId: account,
    accessKey: options.accessKeyId,
    caller: `${roleIdOf(roleName)}:${sessionName}`,
    userArn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
  };
}

/** Per unit, this run's credentials of its role. */
export type UnitRoleCredentials = Partial<Record<UnitId, RoleCredentials>>;
