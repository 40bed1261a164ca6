import {
  type DeploymentId,
  deploymentIds,
  deployments,
  feedSourceIds,
  feedSources,
  hubKindIds,
  type KindDefinition,
  kindIds,
  kinds,
  orderKindIds,
  originLabel,
  unitIds,
  units,
} from "../../shared/domain/catalogue/index.ts";
import { defineCommand } from "../command.ts";
import { renderTable } from "../table.ts";

/** The catalogue as plain JSON: what units and tools outside the hub can rely on. */
export function catalogueAsJson() {
  return {
    units: unitIds.map((id) => ({ id, ...units[id] })),
    deployments: deploymentIds.map((id: DeploymentId) => ({ id, ...deployments[id] })),
    feedSources: feedSourceIds.map((id) => ({ id, ...feedSources[id] })),
    kinds: kindIds.map((id) => {
      const kind: KindDefinition = kinds[id];
      return { id, ...kind };
    }),
  };
}

export const catalogueCommand = defineCommand({
  name: "catalogue",
  options: { json: { type: "boolean", description: "print the whole catalogue as JSON" } },
  summary:
    "Print the notification kinds of Order No. 195 (and the hub's own), the units that receive them and how soon they must acknowledge",
  usage: "hub catalogue [--json]",
  run({ values, out }) {
    if (values.json === true) {
      out.write(`${JSON.stringify(catalogueAsJson(), null, 2)}\n`);
      return 0;
    }
    const rows = kindIds.map((id) => {
      const kind: KindDefinition = kinds[id];
      return [id, originLabel(id), kind.articles.join(", "), kind.subscribers.join(", "), kind.receipt];
    });
    out.write(renderTable(["kind", "from", "articles", "subscribers", "receipt"], rows));
    out.write(
      `\n${orderKindIds.length} kinds of the order and ${hubKindIds.length} of the hub's own, ` +
        `${unitIds.length} unit types, ${deploymentIds.length} deployments\n`,
    );
    return 0;
  },
});
