import { describe, expect, it } from "vitest";
import { reportsRequestEvent } from "../../../local/api-gateway-event.ts";
import { LOCAL_ACCOUNT } from "../../../local/local-aws.ts";
import { assumedRoleCaller } from "../../../local/unit-roles.ts";
import { deploymentIds, unitIds } from "../../../shared/domain/catalogue/index.ts";
import { assumedRoleOf, unitCallerOf } from "../../../shared/http/iam-caller.ts";
import { hubNameOf, unitOfRoleName, unitRoleName } from "../../../shared/wiring/unit-roles.ts";

function eventSignedBy(roleName: string, account = LOCAL_ACCOUNT) {
  const caller = assumedRoleCaller({
    account,
    roleName,
    sessionName: "e.seitkali",
    accessKeyId: "ASIAEXAMPLE",
  });
  return reportsRequestEvent("{}", {}, caller);
}

describe("unit roles: the one naming rule", () => {
  it("reads every unit back from its role name, and no unit of one deployment from another's role", () => {
    for (const deployment of deploymentIds) {
      for (const other of deploymentIds) {
        for (const unit of unitIds) {
          const read = unitOfRoleName(hubNameOf(deployment), unitRoleName(hubNameOf(other), unit));
          if (other === deployment) expect(read).toBe(unit);
          else expect(unitIds as readonly (string | undefined)[]).not.toContain(read);
        }
      }
    }
  });

  it("keeps every role name within IAM's 64 characters", () => {
    const longest = Math.max(
      ...deploymentIds.flatMap((d) => unitIds.map((u) => unitRoleName(hubNameOf(d), u).length)),
    );
    expect(longest).toBeLessThanOrEqual(64);
  });
});

describe("unitCallerOf", () => {
  const almaty = hubNameOf("almaty");

  it("takes the unit from the role and the officer from the session name", () => {
    const event = eventSignedBy(unitRoleName(almaty, "penal-ops"));

    expect(unitCallerOf(event, almaty)).toEqual({
      unit: "penal-ops",
      principal: `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/Order195Hub-almaty-penal-ops/e.seitkali`,
      officer: "e.seitkali",
    });
  });

  it("knows no caller from another account, another hub, a role of no unit, or a user", () => {
    const user = reportsRequestEvent(
      "{}",
      {},
      {
        accountId: LOCAL_ACCOUNT,
        accessKey: "AKIAEXAMPLE",
        caller: "AIDAEXAMPLE",
        userArn: `arn:aws:iam::${LOCAL_ACCOUNT}:user/${unitRoleName(almaty, "duty")}`,
      },
    );

    for (const event of [
      eventSignedBy(unitRoleName(almaty, "duty"), "999999999999"),
      eventSignedBy(unitRoleName(hubNameOf("astana"), "duty")),
      eventSignedBy(unitRoleName(almaty, "operators")),
      user,
    ]) {
      expect(unitCallerOf(event, almaty)).toBeUndefined();
    }
  });

  it("parses only assumed-role session ARNs", () => {
    expect(assumedRoleOf("arn:aws:sts::123456789012:assumed-role/Order195Hub-almaty-imc/a.b")).toMatchObject({
      account: "123456789012",
      roleName: "Order195Hub-almaty-imc",
      sessionName: "a.b",
    });
    for (const arn of [
      null,
      "arn:aws:iam::123456789012:role/Order195Hub-almaty-imc",
      "arn:aws:sts::123456789012:federated-user/imc",
      "arn:aws:sts::123456789012:assumed-role/Order195Hub-almaty-imc/",
      "arn:aws:sts::123456789012:assumed-role/Order195Hub-almaty-imc/a b",
    ]) {
      expect(assumedRoleOf(arn)).toBeUndefined();
    }
  });
});
