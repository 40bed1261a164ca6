/**
 * The deployment's auditor: one role, named by `auditorRoleName`, that the configured principals assume
 * (session name: the auditor) to read who asked the hub what (`GET /v1/audit`). Its only right is the
 * one the API grants it (`IngestApi.addIamRoute`): no queue, no query, no report, no table.
 */
import { Duration, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { auditorRoleName } from "../../shared/wiring/unit-roles.ts";
import type { ApiCaller } from "./ingest-api.ts";
import { principalOf } from "./unit-subscriptions.ts";

export interface AuditorProps {
  /** The hub's name: the role is `auditorRoleName(hubName)`. */
  readonly hubName: string;
  /** Who may assume the role (account ids or IAM ARNs). Empty: the stack's account. */
  readonly principals: readonly string[];
}

export class Auditor extends Construct implements ApiCaller {
  public readonly role: iam.Role;
  /** Spelled from the role's name: the API's resource policy names it without depending on the role. */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: AuditorProps) {
    super(scope, id);
    const roleName = auditorRoleName(props.hubName);
    this.role = new iam.Role(this, "Role", {
      roleName,
      description: "Auditor: reads who asked the hub what, when and why (GET /v1/audit); nothing else",
      assumedBy: new iam.CompositePrincipal(
        ...(props.principals.length === 0
          ? [new iam.AccountRootPrincipal()]
          : props.principals.map(principalOf)),
      ),
      maxSessionDuration: Duration.hours(1),
    });
    this.roleArn = Stack.of(this).formatArn({
      service: "iam",
      region: "",
      resource: "role",
      resourceName: roleName,
    });
  }
}
