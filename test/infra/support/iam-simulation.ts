/**
 * Asking @cloud-copilot/iam-simulate whether a caller may do something, with the synthesized policies
 * made concrete by a `CfnWorld`: who calls (a role session, an administrator), and the decision.
 */
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { CfnWorld, PolicyDocument } from "./cfn-world.ts";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Caller {
  readonly label: string;
  /** The principal of the request: a role session ARN, a user ARN or a service principal. */
  readonly principal: string;
  readonly identityPolicies: Simulation["identityPolicies"];
  readonly context: Record<string, string | string[]>;
}

/** The decision on `caller` doing `action` on `resource` under `resourcePolicy`, over TLS unless the context says otherwise. */
export async function decide(
  caller: Caller,
  action: string,
  resource: string,
  resourcePolicy: PolicyDocument | undefined,
  context: Record<string, string | string[]> = {},
): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: caller.principal,
        action,
        resource: { resource, accountId: "123456789012" },
        contextVariables: { "aws:SecureTransport": "true", ...caller.context, ...context },
      },
      identityPolicies: caller.identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    },
    {},
  );
  if (result.resultType === "error") {
    throw new Error(`${caller.label} ${action} ${resource}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as Decision;
}

/** A session of the role `roleId`, with the role's identity policies. */
export function roleCaller(world: CfnWorld, roleId: string, label: string): Caller {
  return {
    label,
    principal: `arn:aws:sts::${world.account}:assumed-role/${world.ref(roleId)}/session`,
    identityPolicies: world.identityPolicies(roleId).map((p) => ({ name: p.name, policy: p.policy })),
    context: { "aws:PrincipalArn": world.getAtt(roleId, "Arn"), "aws:PrincipalAccount": world.account },
  };
}

/** A session of the role `roleId`, labelled by the role's name. */
export function namedRoleCaller(world: CfnWorld, roleId: string): Caller {
  return roleCaller(world, roleId, `${world.ref(roleId)} role`);
}

/** A hypothetical administrator of the deployment account whose identity policy allows everything. */
export function adminCaller(world: CfnWorld): Caller {
  const arn = `arn:aws:iam::${world.account}:role/AccountAdministrator`;
  return {
    label: "account administrator (Allow *:*)",
    principal: `arn:aws:sts::${world.account}:assumed-role/AccountAdministrator/session`,
    identityPolicies: [
      {
        name: "admin",
        policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      },
    ],
    context: { "aws:PrincipalArn": arn, "aws:PrincipalAccount": world.account },
  };
}

/** The logical id of the role named `name`. */
export function roleIdByName(world: CfnWorld, name: string): string {
  const found = world.ids("AWS::IAM::Role").find((id) => world.ref(id) === name);
  if (found === undefined) throw new Error(`no role ${name}`);
  return found;
}
