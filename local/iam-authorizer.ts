/**
 * API Gateway's IAM authorization, locally: a request to an IAM-authorized route must be signed
 * (SigV4, service `execute-api`, the hub's region) with the credentials of one of this run's unit
 * roles or of its auditor role; the caller handed to the function is that role's session, shaped as
 * API Gateway shapes it. Which role may call which route is the function's check, as in depth on AWS.
 */
import { type UnitId, unitIds } from "../shared/domain/catalogue/index.ts";
import type { IamAuthorization } from "./http-gateway.ts";
import { EXECUTE_API_SERVICE, type ReceivedRequest, verifySignature } from "./sigv4.ts";
import {
  assumedRoleCaller,
  type RoleCredentials,
  sessionNameOf,
  type UnitRoleCredentials,
} from "./unit-roles.ts";

export interface LocalIamOptions {
  readonly region: string;
  readonly account: string;
  readonly credentials: UnitRoleCredentials;
  /** The IAM role name of a unit's role, as the deployment names it. */
  roleNameOf(unit: UnitId): string;
  /** The auditor role: its name and this run's credentials. */
  readonly auditor?: { readonly roleName: string; readonly credentials: RoleCredentials };
  readonly now?: () => Date;
}

export function localIamAuthorizer(
  options: LocalIamOptions,
): (request: ReceivedRequest) => Promise<IamAuthorization> {
  const roles = new Map<string, { roleName: string; secretAccessKey: string }>();
  for (const unit of unitIds) {
    const credentials = options.credentials[unit];
    if (credentials !== undefined)
      roles.set(credentials.accessKeyId, {
        roleName: options.roleNameOf(unit),
        secretAccessKey: credentials.secretAccessKey,
      });
  }
  if (options.auditor !== undefined) {
    const { roleName, credentials } = options.auditor;
    roles.set(credentials.accessKeyId, { roleName, secretAccessKey: credentials.secretAccessKey });
  }
  const now = options.now ?? (() => new Date());

  return async (request) => {
    const check = await verifySignature(request, {
      region: options.region,
      service: EXECUTE_API_SERVICE,
      secretOf: (accessKeyId) => roles.get(accessKeyId)?.secretAccessKey,
      now: now(),
    });
    if (!check.ok) return { ok: false, code: check.refusal, message: check.message };
    const role = roles.get(check.accessKeyId);
    const sessionName = sessionNameOf(check.sessionToken);
    if (role === undefined || sessionName === undefined)
      return {
        ok: false,
        code: "credentials.unknown",
        message: "The security token included in the request is invalid.",
      };
    return {
      ok: true,
      caller: assumedRoleCaller({
        account: options.account,
        roleName: role.roleName,
        sessionName,
        accessKeyId: check.accessKeyId,
      }),
    };
  };
}
