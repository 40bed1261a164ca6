/**
 * Who called a route with IAM authorization: API Gateway has verified the SigV4 signature and puts
 * the signer in `requestContext.identity`. The caller is never read from the body.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { isUnitId } from "../domain/catalogue/index.ts";
import type { FiledBy } from "../domain/notification.ts";
import { auditorRoleName, unitOfRoleName, unitRoleName } from "../wiring/unit-roles.ts";
import { HttpError } from "./http-error.ts";
import { requestIdOf } from "./middlewares.ts";

/** `arn:<partition>:sts::<account>:assumed-role/<role name>/<session name>` (names as IAM allows them). */
const ASSUMED_ROLE_ARN =
  /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/([\w+=,.@-]{2,64})$/;

export interface AssumedRole {
  readonly arn: string;
  readonly account: string;
  readonly roleName: string;
  readonly sessionName: string;
}

/** The parts of an assumed-role session ARN; `undefined` for any other principal (a user, a root). */
export function assumedRoleOf(userArn: string | null | undefined): AssumedRole | undefined {
  const parts = ASSUMED_ROLE_ARN.exec(userArn ?? "");
  if (parts === null) return undefined;
  const [arn, account = "", roleName = "", sessionName = ""] = parts;
  return { arn, account, roleName, sessionName };
}

/**
 * The unit, principal and officer of a request signed in a session of a unit's role of the hub
 * `hubName`, in the account that owns the API; `undefined` for any other caller.
 */
export function unitCallerOf(event: APIGatewayProxyEvent, hubName: string): FiledBy | undefined {
  const { identity, accountId } = event.requestContext;
  const role = assumedRoleOf(identity.userArn);
  if (role === undefined || role.account !== accountId) return undefined;
  const unit = unitOfRoleName(hubName, role.roleName);
  if (!isUnitId(unit)) return undefined;
  return { unit, principal: role.arn, officer: role.sessionName };
}

/** The event once `unitCaller` has run: the unit and officer that signed the request. */
export interface UnitCallerEvent extends APIGatewayProxyEvent {
  caller: FiledBy;
}

/**
 * 403 `caller.unknown` unless the request was signed in a session of a unit's role of this hub (its
 * account, its name rule): the resource policy admits only those roles, this is the check in depth
 * and where the unit is read. Logs carry the unit and the request id from here on (not the officer).
 */
export function unitCaller(options: {
  hubName: string;
  logger: Logger;
}): MiddlewareObj<UnitCallerEvent, APIGatewayProxyResult, Error, Context> {
  return {
    before(request) {
      const caller = unitCallerOf(request.event, options.hubName);
      if (caller === undefined) {
        throw new HttpError(
          403,
          "caller.unknown",
          `The caller is not a unit's role of this deployment: sign in a session of the unit's role ${unitRoleName(options.hubName, "<unit>")}.`,
        );
      }
      request.event.caller = caller;
      options.logger.appendKeys({
        unit: caller.unit,
        requestId: requestIdOf(request.event, request.context),
      });
    },
  };
}

/** Who reads the audit log: a session of the deployment's auditor role. */
export interface Auditor {
  readonly principal: string;
  readonly officer: string;
}

/** The auditor of a request signed in a session of the auditor role of the hub `hubName`; `undefined` for anyone else. */
export function auditorOf(event: APIGatewayProxyEvent, hubName: string): Auditor | undefined {
  const { identity, accountId } = event.requestContext;
  const role = assumedRoleOf(identity.userArn);
  if (role === undefined || role.account !== accountId || role.roleName !== auditorRoleName(hubName)) {
    return undefined;
  }
  return { principal: role.arn, officer: role.sessionName };
}

/** The event once `auditorCaller` has run. */
export interface AuditorEvent extends APIGatewayProxyEvent {
  auditor: Auditor;
}

/**
 * 403 `caller.unknown` unless the request was signed in a session of this deployment's auditor role:
 * no unit reads the audit log, not even the units that may ask the queries it records.
 */
export function auditorCaller(options: {
  hubName: string;
  logger: Logger;
}): MiddlewareObj<AuditorEvent, APIGatewayProxyResult, Error, Context> {
  return {
    before(request) {
      const auditor = auditorOf(request.event, options.hubName);
      if (auditor === undefined) {
        throw new HttpError(
          403,
          "caller.unknown",
          `The caller is not this deployment's auditor: sign in a session of the role ${auditorRoleName(options.hubName)}.`,
        );
      }
      request.event.auditor = auditor;
      options.logger.appendKeys({ requestId: requestIdOf(request.event, request.context) });
    },
  };
}
