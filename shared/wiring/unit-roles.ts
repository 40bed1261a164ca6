/**
 * The names the reports function must recognise, in one place: a deployment's hub is named
 * `Order195Hub-<deployment>` (its stack, and the prefix of its physical names), and a unit's IAM role
 * in it `<hub name>-<unit>`. The CDK app names the roles with `unitRoleName`; the reports function
 * reads the filing unit back from the role API Gateway reports as the caller with `unitOfRoleName`.
 */
export const HUB_NAME_PREFIX = "Order195Hub";

/** The hub of a deployment: its stack name and the prefix of its resources' physical names. */
export function hubNameOf(deployment: string): string {
  return `${HUB_NAME_PREFIX}-${deployment}`;
}

/** The IAM role a unit assumes in the hub `hubName`: to read its queue, to file its reports. */
export function unitRoleName(hubName: string, unit: string): string {
  return `${hubName}-${unit}`;
}

/**
 * The inverse of `unitRoleName` in the hub `hubName`: what follows the hub's name, or `undefined` for
 * a role of no hub of that name. The caller checks that it names a unit (a role of another hub whose
 * name extends this one's, e.g. `almaty-region` of `almaty`, leaves no unit id).
 */
export function unitOfRoleName(hubName: string, roleName: string): string | undefined {
  const prefix = `${hubName}-`;
  return roleName.startsWith(prefix) && roleName.length > prefix.length
    ? roleName.slice(prefix.length)
    : undefined;
}

/** The role the deployment's auditor assumes to read the audit log (`GET /v1/audit`); no unit has this id. */
export function auditorRoleName(hubName: string): string {
  return `${hubName}-auditor`;
}
