/**
 * Reports of the administrative police (rules art. 12.2, 12.3): where labour migrants live and work,
 * illegal use of foreign labour, who gives foreigners housing or work, who transports labour
 * migrants, and dual citizenship found.
 */
import * as z from "zod";
import { kindTexts } from "../domain/catalogue/index.ts";
import {
  dualCitizenshipEvidence,
  illegalEmploymentViolations,
  migrantSiteTypes,
  migrantSiteUses,
  provisionArrangements,
} from "../domain/notification.ts";
import {
  countryField,
  dateField,
  decisionField,
  documentField,
  iinField,
  personCoreShape,
  placeField,
  referenceField,
  text,
  transportModeField,
} from "../sources/kit/fields.ts";
import { compact, countCoversList, distinct } from "./facts.ts";
import {
  listOf,
  MAX_COUNT,
  MAX_LISTED_PERSONS,
  reportCoreShape,
  reportForeigner,
  reportParty,
  reportPerson,
} from "./fields.ts";
import { defineReport } from "./report.ts";
import { SubjectBuilder } from "./subject.ts";

const KAZAKHSTAN = "KAZ";

export const migrantLocationReport = defineReport(
  "labour.migrant-location",
  z
    .strictObject({
      kind: z.literal("labour.migrant-location"),
      ...reportCoreShape,
      site: z
        .strictObject({
          type: z
            .enum(migrantSiteTypes)
            .describe(
              "industrial or building site, market or other trade site, peasant farm or farm, household",
            ),
          name: text(200).optional().describe("Name of the site, market or farm"),
          use: z.enum(migrantSiteUses).describe("Whether the migrants work there, live there, or both"),
          locality: text(100).optional().describe("City, town or village"),
          address: text(300).describe("Address of the site as written"),
        })
        .meta({ id: "MigrantSite", description: "The site: the notification's `place`" }),
      operator: reportParty.describe(
        "Who owns or runs the site: the company (with its BIN) or the person (role `provider`)",
      ),
      estimatedMigrants: z
        .int()
        .min(1)
        .max(MAX_COUNT)
        .optional()
        .describe("Labour migrants estimated to live or work there"),
      citizenshipsSeen: listOf(countryField, 50)
        .optional()
        .describe("Citizenships of the migrants seen there"),
      migrants: listOf(reportForeigner, MAX_LISTED_PERSONS)
        .optional()
        .describe("Migrants identified there (role `subject`)"),
    })
    .meta({
      id: "LabourMigrantLocationReport",
      description: kindTexts["labour.migrant-location"].description,
    }),
  (report, scope) => {
    const { site } = report;
    const subject = new SubjectBuilder(scope)
      .party("provider", report.operator, "/operator")
      .personList("subject", report.migrants, "/migrants");
    countCoversList(scope, report.estimatedMigrants, report.migrants, "/estimatedMigrants");
    return scope.notify(report.kind, {
      subject: subject.subject(),
      place: compact({ locality: site.locality, address: site.address }),
      facts: compact({
        siteType: site.type,
        siteName: site.name,
        use: site.use,
        estimatedMigrants: report.estimatedMigrants,
        citizenships: distinct(report.citizenshipsSeen),
      }),
    });
  },
);

export const illegalEmploymentReport = defineReport(
  "labour.illegal-employment",
  z
    .strictObject({
      kind: z.literal("labour.illegal-employment"),
      ...reportCoreShape,
      place: placeField.optional().describe("Where the foreigners were found working"),
      employer: reportParty.describe("Who attracted or used the foreign labour (role `employer`)"),
      employerContact: reportPerson
        .optional()
        .describe("The employer's manager or foreman on the spot (role `employer-contact`)"),
      workersCount: z
        .int()
        .min(1)
        .max(MAX_COUNT)
        .describe("Foreigners found working illegally (at least as many as listed in `workers`)"),
      workers: listOf(reportForeigner, MAX_LISTED_PERSONS)
        .optional()
        .describe("The foreign workers identified (role `subject`)"),
      work: text(200).optional().describe("The work they were doing, e.g. `plastering`, `harvesting`"),
      violation: z
        .enum(illegalEmploymentViolations)
        .describe("No permit, work outside the permit, undeclared work, or other"),
      repeatedWithinYear: z
        .boolean()
        .describe(
          "The employer was held liable for the same violation within the past year (Criminal Code art. 395)",
        ),
      previousDecision: decisionField
        .optional()
        .describe("The earlier decision against the employer, when repeated within a year"),
      caseNumber: referenceField.optional().describe("Administrative or criminal case number, when opened"),
    })
    .meta({
      id: "LabourIllegalEmploymentReport",
      description: kindTexts["labour.illegal-employment"].description,
    }),
  (report, scope) => {
    const subject = new SubjectBuilder(scope)
      .personList("subject", report.workers, "/workers")
      .party("employer", report.employer, "/employer")
      .person("employer-contact", report.employerContact, "/employerContact");
    countCoversList(scope, report.workersCount, report.workers, "/workersCount");
    return scope.notify(report.kind, {
      subject: subject.subject(),
      facts: compact({
        workersCount: report.workersCount,
        violation: report.violation,
        repeatedWithinYear: report.repeatedWithinYear,
        work: report.work,
        previousDecision: report.previousDecision,
        caseNumber: report.caseNumber,
      }),
    });
  },
);

export const housingOrJobProviderReport = defineReport(
  "provider.housing-or-job",
  z
    .strictObject({
      kind: z.literal("provider.housing-or-job"),
      ...reportCoreShape,
      place: placeField.optional().describe("Where it was found out, when not at one of the addresses"),
      provider: reportParty.describe("Who gives foreigners housing or work (role `provider`)"),
      housingAddress: text(300)
        .optional()
        .describe("Address of the housing given; give it when the provider gives housing"),
      workAddress: text(300)
        .optional()
        .describe("Address of the work given; give it when the provider gives work"),
      arrangement: z
        .enum(provisionArrangements)
        .optional()
        .describe("Under a written contract, or informally"),
      foreignersCount: z
        .int()
        .min(1)
        .max(MAX_COUNT)
        .optional()
        .describe("Foreigners given housing or work (at least as many as listed)"),
      foreigners: listOf(reportForeigner, MAX_LISTED_PERSONS)
        .optional()
        .describe("The foreigners identified (role `subject`)"),
    })
    .meta({
      id: "ProviderHousingOrJobReport",
      description: `${kindTexts["provider.housing-or-job"].description} Give housingAddress, workAddress or both: what is given follows from them.`,
    }),
  (report, scope) => {
    if (report.housingAddress === undefined && report.workAddress === undefined) {
      scope.problem(
        "/housingAddress",
        "contract.required",
        "Give housingAddress, workAddress or both: the address of what the provider gives foreigners.",
      );
    }
    const subject = new SubjectBuilder(scope)
      .party("provider", report.provider, "/provider")
      .personList("subject", report.foreigners, "/foreigners");
    countCoversList(scope, report.foreignersCount, report.foreigners, "/foreignersCount");
    const provides = [
      ...(report.housingAddress === undefined ? [] : (["housing"] as const)),
      ...(report.workAddress === undefined ? [] : (["work"] as const)),
    ];
    return scope.notify(report.kind, {
      subject: subject.subject(),
      facts: compact({
        provides,
        foreignersCount: report.foreignersCount,
        housingAddress: report.housingAddress,
        workAddress: report.workAddress,
        arrangement: report.arrangement,
      }),
    });
  },
);

export const migrantTransportReport = defineReport(
  "provider.migrant-transport",
  z
    .strictObject({
      kind: z.literal("provider.migrant-transport"),
      ...reportCoreShape,
      place: placeField
        .optional()
        .describe("Where the transport was found or stopped (a station or train makes it transport-related)"),
      carrier: reportParty.describe("Who provides the transport: the company or the person (role `carrier`)"),
      driver: reportPerson.optional().describe("The driver, when not the carrier themself (role `carrier`)"),
      transport: z
        .strictObject({
          mode: transportModeField,
          vehicle: text(64).optional().describe("Registration plate, train or flight number"),
        })
        .meta({ id: "MigrantTransportMeans", description: "The means of transport" }),
      route: z
        .strictObject({
          from: text(100).describe("Where the migrants are picked up (locality)"),
          to: text(100).describe("Where they are taken (locality)"),
        })
        .optional()
        .meta({
          id: "MigrantTransportRoute",
          description: "From where to where the migrants are transported",
        }),
      regularService: z
        .boolean()
        .optional()
        .describe("The carrier runs this transport regularly (true) or it was a single trip (false)"),
      migrantsCount: z
        .int()
        .min(1)
        .max(MAX_COUNT)
        .optional()
        .describe("Migrants transported (at least as many as listed)"),
      migrants: listOf(reportForeigner, MAX_LISTED_PERSONS)
        .optional()
        .describe("The migrants identified (role `subject`)"),
    })
    .meta({
      id: "ProviderMigrantTransportReport",
      description: kindTexts["provider.migrant-transport"].description,
    }),
  (report, scope) => {
    const subject = new SubjectBuilder(scope)
      .party("carrier", report.carrier, "/carrier")
      .person("carrier", report.driver, "/driver")
      .personList("subject", report.migrants, "/migrants");
    countCoversList(scope, report.migrantsCount, report.migrants, "/migrantsCount");
    const { route } = report;
    return scope.notify(report.kind, {
      subject: subject.subject(),
      facts: compact({
        mode: report.transport.mode,
        route: route === undefined ? undefined : `${route.from} → ${route.to}`,
        vehicle: report.transport.vehicle,
        migrantsCount: report.migrantsCount,
        regularService: report.regularService,
      }),
    });
  },
);

/** A Kazakhstan citizen: the IIN is required, the citizenship is Kazakhstan's (not sent). */
const dualCitizen = z
  .strictObject(personCoreShape)
  .omit({ citizenship: true })
  .extend({
    iin: iinField,
    documents: z
      .array(documentField)
      .max(10)
      .optional()
      .describe("Kazakhstan documents of the person (the foreign one goes in `foreignDocument`)"),
  })
  .meta({ id: "DualCitizen", description: "The Kazakhstan citizen found to hold another citizenship" });

export const dualCitizenshipReport = defineReport(
  "citizenship.dual",
  z
    .strictObject({
      kind: z.literal("citizenship.dual"),
      ...reportCoreShape,
      place: placeField.optional().describe("Where it was found out"),
      person: dualCitizen,
      otherCitizenship: countryField.describe("The other state's citizenship"),
      evidence: z
        .enum(dualCitizenshipEvidence)
        .describe("What shows it: the other state's passport or ID card, a reply of its authority, other"),
      evidenceReference: referenceField.optional().describe("Number of the document or letter that shows it"),
      foreignDocument: documentField
        .optional()
        .describe("The other state's passport or ID card, when seen (issued by `otherCitizenship`)"),
      otherCitizenshipAcquiredOn: dateField.optional().describe("When the other citizenship was acquired"),
    })
    .meta({ id: "CitizenshipDualReport", description: kindTexts["citizenship.dual"].description }),
  (report, scope) => {
    if (report.otherCitizenship === KAZAKHSTAN) {
      scope.problem(
        "/otherCitizenship",
        "citizenship.same",
        "otherCitizenship must be another state's than Kazakhstan's.",
      );
    }
    const { foreignDocument } = report;
    if (foreignDocument !== undefined && foreignDocument.issuingCountry !== report.otherCitizenship) {
      scope.problem(
        "/foreignDocument/issuingCountry",
        "document.country-mismatch",
        "The foreign document must be issued by the state of otherCitizenship.",
      );
    }
    const documents = (report.person.documents ?? []).map((document, index) =>
      scope.document(document, `/person/documents/${index}`),
    );
    if (foreignDocument !== undefined) documents.push(scope.document(foreignDocument, "/foreignDocument"));
    const person = scope.person(
      "subject",
      { ...report.person, citizenship: KAZAKHSTAN },
      "/person",
      documents,
    );
    return scope.notify(report.kind, {
      subject: { persons: [person] },
      facts: compact({
        otherCitizenship: report.otherCitizenship,
        evidence: report.evidence,
        evidenceReference: report.evidenceReference,
        otherCitizenshipAcquiredOn: report.otherCitizenshipAcquiredOn,
      }),
    });
  },
);
