import { describe, expect, it } from "vitest";
import { notificationItems } from "../../../shared/adapters/dynamodb/notification-items.ts";
import { notificationTable } from "../../../shared/wiring/notification-table.ts";
import { citizen, foreigner, notify } from "../queries/factories.ts";

const { citizenshipsAttribute, indexes } = notificationTable;

describe("the statistics' index entry", () => {
  it("carries the distinct citizenships of the persons a notification is about, not of the others", () => {
    const registration = notify(
      "registration.migration",
      { registrationType: "place-of-stay", registeredOn: "2026-10-01" },
      {
        on: "2026-10-01",
        persons: [
          foreigner("FA0000001"),
          foreigner("FA0000002", { citizenship: "KGZ" }),
          foreigner("FA0000003"),
          citizen("host", "881102402170"),
        ],
      },
    );
    const { notification } = notificationItems(registration, 30);
    expect(notification[citizenshipsAttribute]).toEqual({ SS: ["KGZ", "UZB"] });
    expect(indexes.byKindRegionMonth.projected).toContain(citizenshipsAttribute);
  });

  it("has no citizenships attribute when no subject person has one (a string set is never empty)", () => {
    const invitation = notify(
      "inviter.frequent-risk-country",
      { period: { from: "2026-09-01", to: "2026-09-30" }, invitationCount: 3, inviteeCountries: ["AFG"] },
      { on: "2026-10-01", persons: [citizen("inviter", "881102402170")] },
    );
    expect(notificationItems(invitation, 30).notification).not.toHaveProperty(citizenshipsAttribute);
  });
});
