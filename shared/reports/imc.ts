/**
 * Reports of the illegal-migration counteraction units (rules art. 6.1, 9, 10.5): an illegal migration
 * channel, its organisers, routes, carriers and safe houses identified.
 */
import * as z from "zod";
import { kindTexts } from "../domain/catalogue/index.ts";
import { channelMeans, channelTypes } from "../domain/notification.ts";
import { countryField, multilineText, placeField, referenceField, text } from "../sources/kit/fields.ts";
import { compact, distinct } from "./facts.ts";
import { listOf, reportCoreShape, reportParty } from "./fields.ts";
import { defineReport } from "./report.ts";
import { SubjectBuilder } from "./subject.ts";

const safeHouse = z
  .strictObject({
    locality: text(100).optional().describe("City, town or village"),
    address: text(300).describe("Address as written"),
  })
  .meta({ id: "ChannelSafeHouse", description: "An address where migrants are kept or hidden" });

export const channelReport = defineReport(
  "channel.identified",
  z
    .strictObject({
      kind: z.literal("channel.identified"),
      ...reportCoreShape,
      place: placeField.optional().describe("Where the channel was uncovered"),
      channelType: z
        .enum(channelTypes)
        .describe("Illegal entry, exit or transit, illegal stay, or illegal labour"),
      route: z
        .array(text(100))
        .min(2)
        .max(20)
        .optional()
        .describe("Points of the route in order, from where migrants are recruited to where they are taken"),
      organisers: listOf(reportParty, 20)
        .optional()
        .describe("Organisers, active members and accomplices (role `organiser`)"),
      carriers: listOf(reportParty, 20).optional().describe("Who transports the migrants (role `carrier`)"),
      safeHouses: listOf(safeHouse, 20).optional(),
      means: listOf(z.enum(channelMeans), channelMeans.length)
        .optional()
        .describe("Forged documents, transport, housing, fictitious invitations, other"),
      migrantCitizenships: listOf(countryField, 50)
        .optional()
        .describe("Citizenships of the migrants moved through the channel"),
      summary: multilineText(1000).describe("How the channel works, as the unit established it"),
      caseNumber: referenceField
        .optional()
        .describe("Operational or criminal case number (Criminal Code art. 394)"),
    })
    .meta({
      id: "ChannelIdentifiedReport",
      description: `${kindTexts["channel.identified"].description} Name at least one organiser or carrier.`,
    }),
  (report, scope) => {
    if (report.organisers === undefined && report.carriers === undefined) {
      scope.problem(
        "/organisers",
        "contract.required",
        "Name at least one organiser or carrier: the notification is about who runs the channel.",
      );
    }
    const parties = new SubjectBuilder(scope)
      .partyList("organiser", report.organisers, "/organisers")
      .partyList("carrier", report.carriers, "/carriers");
    const organisations = parties.allOrganisations();
    return scope.notify(report.kind, {
      subject: parties.subject(),
      facts: compact({
        channelType: report.channelType,
        route: report.route,
        means: distinct(report.means),
        summary: report.summary,
        organisations: organisations.length > 0 ? organisations : undefined,
        safeHouses: report.safeHouses,
        migrantCitizenships: distinct(report.migrantCitizenships),
        caseNumber: report.caseNumber,
      }),
    });
  },
);
