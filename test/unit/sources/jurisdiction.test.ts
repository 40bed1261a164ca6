import { describe, expect, it } from "vitest";
import {
  type DeploymentId,
  deploymentIds,
  deployments,
  type RegionCode,
  regionCodes,
} from "../../../shared/domain/catalogue/index.ts";
import { checkJurisdiction, isTransportRelated } from "../../../shared/domain/jurisdiction.ts";
import type { CanonicalNotification, Place } from "../../../shared/domain/notification.ts";
import { mapFeedRequest } from "../../../shared/sources/index.ts";
import { firstRecord, loadFixture, mapContext } from "./support.ts";

const geographic = deploymentIds.filter((id) => deployments[id].kind !== "transport");
const transportDeployments = deploymentIds.filter((id) => deployments[id].kind === "transport");

function isoOf(id: DeploymentId): RegionCode {
  const code = deployments[id].isoCode;
  if (code === null) throw new Error(`${id} is not geographic`);
  return code;
}

/** The expulsion-evasion fixture (no checkpoint, no transport) with region and place replaced. */
function notificationAt(region: RegionCode | null, place?: Place): CanonicalNotification {
  const record = structuredClone(firstRecord(loadFixture("kqp", "expulsion.evaded")));
  record.region = region;
  if (place === undefined) delete record.place;
  else record.place = place;
  const mapping = mapFeedRequest("kqp", { contractVersion: "1", records: [record] }, mapContext());
  if (!mapping.ok) throw new Error(JSON.stringify(mapping.errors));
  const notification = mapping.records[0]?.notification;
  if (notification === undefined) throw new Error("no notification");
  return notification;
}

const onTrain: Place = { transport: { mode: "rail", facility: "train 302" } };
const atCheckpoint: Place = { checkpoint: { code: "ALA", name: "Алматы халықаралық әуежайы" } };

describe("jurisdiction", () => {
  it("knows 20 geographic deployments and the Transport Police Department", () => {
    expect(geographic).toHaveLength(regionCodes.length);
    expect(transportDeployments).toEqual(["transport"]);
  });

  it.each(geographic)("%s accepts the records of its own region", (deployment) => {
    // Prepare
    const notification = notificationAt(isoOf(deployment));

    // Act
    const problem = checkJurisdiction(notification, deployment, 0);

    // Assess
    expect(problem).toBeUndefined();
  });

  it.each(geographic)(
    "%s refuses every other region's records, naming the right deployment",
    (deployment) => {
      for (const other of geographic.filter((id) => id !== deployment)) {
        // Prepare
        const notification = notificationAt(isoOf(other));

        // Act
        const problem = checkJurisdiction(notification, deployment, 4);

        // Assess
        expect(problem).toEqual({
          path: "/records/4/region",
          code: "region.mismatch",
          message: `This record happened in ${deployments[other].name.en} (${isoOf(other)}): send it to the \`${other}\` deployment.`,
        });
      }
    },
  );

  it("words the Almaty refusal as the runbook shows it", () => {
    // Act
    const problem = checkJurisdiction(notificationAt("KZ-75"), "astana", 0);

    // Assess
    expect(problem?.message).toBe(
      "This record happened in Almaty (KZ-75): send it to the `almaty` deployment.",
    );
  });

  it.each([
    ["a transport facility", onTrain],
    ["a border checkpoint", atCheckpoint],
  ])("a geographic deployment accepts a record of its region at %s", (_, place) => {
    // Act
    const problem = checkJurisdiction(notificationAt("KZ-75", place), "almaty", 0);

    // Assess
    expect(problem).toBeUndefined();
  });

  it.each([
    ["a transport facility", onTrain],
    ["a border checkpoint", atCheckpoint],
    ["a transport facility and a checkpoint", { ...onTrain, ...atCheckpoint }],
  ])("transport accepts a record at %s, from any region", (_, place) => {
    for (const region of regionCodes) {
      // Act
      const problem = checkJurisdiction(notificationAt(region, place), "transport", 2);

      // Assess
      expect(problem).toBeUndefined();
    }
  });

  it("transport accepts a transport-related record without region", () => {
    // Act
    const problem = checkJurisdiction(notificationAt(null, onTrain), "transport", 0);

    // Assess
    expect(problem).toBeUndefined();
  });

  it.each(geographic)("%s refuses a record without region, naming transport", (deployment) => {
    // Act
    const problem = checkJurisdiction(notificationAt(null, onTrain), deployment, 1);

    // Assess
    expect(problem).toEqual({
      path: "/records/1/region",
      code: "region.mismatch",
      message:
        "This record has no region: send it to the `transport` deployment (Transport Police Department).",
    });
  });

  it.each(regionCodes)("transport refuses a record of %s that is not transport-related", (region) => {
    // Prepare
    const notification = notificationAt(region, { locality: "Алматы", address: "ул. Бекмаханова, 93" });

    // Act
    const problem = checkJurisdiction(notification, "transport", 3);

    // Assess
    expect(problem?.path).toBe("/records/3/place");
    expect(problem?.code).toBe("region.mismatch");
    const right = geographic.find((id) => deployments[id].isoCode === region);
    expect(problem?.message).toContain(`send it to the \`${right}\` deployment`);
  });

  it("sees a Burkit record made at a checkpoint as transport-related", () => {
    // Prepare
    const body = loadFixture("burkit", "border.entry-ban-hit");

    // Act
    const mapping = mapFeedRequest("burkit", body, mapContext("transport"));

    // Assess
    const notification = mapping.ok ? mapping.records[0]?.notification : undefined;
    expect(isTransportRelated(notification?.place)).toBe(true);
    expect(notification && checkJurisdiction(notification, "transport", 0)).toBeUndefined();
  });
});
