/**
 * Which deployment may accept a notification (see docs/decisions/transport-police-jurisdiction.md).
 *
 * - A geographic deployment (oblast or city) accepts the records whose `region` is its ISO 3166-2:KZ
 *   code, transport-related or not.
 * - The Transport Police Department's deployment (`transport`, not geographic) accepts exactly the
 *   records the upstream marks as transport-related: `place.transport` present, or a border
 *   checkpoint in `place.checkpoint`; from any region, or with no region at all.
 *
 * So a transport-related record with a region belongs to two deployments (its region's and
 * `transport`); the upstream sends it to both, and each stores and routes it for its own units.
 */
import {
  type DeploymentId,
  deploymentOfRegion,
  deployments,
  type RegionCode,
  TRANSPORT_DEPLOYMENT,
} from "./catalogue/index.ts";
import type { FieldError } from "./field-error.ts";
import type { CanonicalNotification, Place } from "./notification.ts";

/** True when the upstream marked the record transport-related: a transport facility or a border checkpoint. */
export function isTransportRelated(place: Place | undefined): boolean {
  return place !== undefined && (place.transport !== undefined || place.checkpoint !== undefined);
}

function sendTo(region: RegionCode): string {
  const id = deploymentOfRegion(region);
  return `This record happened in ${deployments[id].name.en} (${region}): send it to the \`${id}\` deployment.`;
}

/**
 * Undefined when `deployment` may accept the notification; otherwise the field error (code
 * `region.mismatch`) naming the deployment that may, for the item at `recordIndex` of the request's
 * `collection` (a feed's `records`, the units' `reports`).
 */
export function checkJurisdiction(
  notification: CanonicalNotification,
  deployment: DeploymentId,
  recordIndex: number,
  collection: "records" | "reports" = "records",
): FieldError | undefined {
  const definition = deployments[deployment];
  const { region } = notification;
  const pointer = `/${collection}/${recordIndex}`;
  if (definition.kind === "transport") {
    if (isTransportRelated(notification.place)) return undefined;
    return {
      path: `${pointer}/place`,
      code: "region.mismatch",
      message:
        region === null
          ? "This record is not transport-related (no `place.transport`, no border checkpoint) and has no region: give its region and send it to that region's deployment."
          : `${sendTo(region)} The \`transport\` deployment takes only transport-related records (with \`place.transport\` or a border checkpoint).`,
    };
  }
  if (region === definition.isoCode) return undefined;
  if (region === null) {
    return {
      path: `${pointer}/region`,
      code: "region.mismatch",
      message: `This record has no region: send it to the \`${TRANSPORT_DEPLOYMENT}\` deployment (${deployments[TRANSPORT_DEPLOYMENT].name.en}).`,
    };
  }
  return { path: `${pointer}/region`, code: "region.mismatch", message: sendTo(region) };
}
