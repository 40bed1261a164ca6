/**
 * Reports of the penal system's operational units (rules art. 13): offences foreign prisoners prepare
 * or commit, prisoners to be expelled after release, and foreigners released.
 */
import * as z from "zod";
import { kindTexts } from "../domain/catalogue/index.ts";
import { offenceStages, releaseGrounds } from "../domain/notification.ts";
import {
  countryField,
  dateField,
  decisionField,
  multilineText,
  placeField,
  text,
} from "../sources/kit/fields.ts";
import { compact } from "./facts.ts";
import { listOf, reportCoreShape, reportForeigner, reportPerson } from "./fields.ts";
import { defineReport } from "./report.ts";
import { SubjectBuilder } from "./subject.ts";

/** The prisoner and the institution, in every report of the penal system. */
const prisonerShape = {
  prisoner: reportForeigner.describe("The foreign or stateless prisoner (role `subject`)"),
  institution: text(200).describe("The penal institution, as named in the system, e.g. `ЛА-155/14`"),
};

export const prisonerOffenceReport = defineReport(
  "prisoner.offence",
  z
    .strictObject({
      kind: z.literal("prisoner.offence"),
      ...reportCoreShape,
      place: placeField.optional().describe("Where, when not inside the institution"),
      ...prisonerShape,
      stage: z.enum(offenceStages).describe("Being prepared, or committed"),
      criminalCodeArticle: text(32).optional().describe("Criminal Code article and part, e.g. `394 part 2`"),
      summary: multilineText(1000).describe("What is being prepared or was committed"),
      accomplices: listOf(reportPerson, 10)
        .optional()
        .describe("Others involved, inside or outside (role `other`)"),
    })
    .meta({ id: "PrisonerOffenceReport", description: kindTexts["prisoner.offence"].description }),
  (report, scope) => {
    const subject = new SubjectBuilder(scope)
      .person("subject", report.prisoner, "/prisoner")
      .personList("other", report.accomplices, "/accomplices");
    return scope.notify(report.kind, {
      subject: subject.subject(),
      facts: compact({
        stage: report.stage,
        criminalCodeArticle: report.criminalCodeArticle,
        institution: report.institution,
        summary: report.summary,
      }),
    });
  },
);

export const prisonerExpulsionDueReport = defineReport(
  "prisoner.expulsion-due",
  z
    .strictObject({
      kind: z.literal("prisoner.expulsion-due"),
      ...reportCoreShape,
      ...prisonerShape,
      releaseDate: dateField.describe("When the prisoner is due to be released"),
      decision: decisionField
        .optional()
        .describe("The sentence or decision that orders the expulsion, when already taken"),
      destinationCountry: countryField.optional().describe("The state the prisoner is to be expelled to"),
    })
    .meta({ id: "PrisonerExpulsionDueReport", description: kindTexts["prisoner.expulsion-due"].description }),
  (report, scope) => {
    const subject = new SubjectBuilder(scope).person("subject", report.prisoner, "/prisoner");
    return scope.notify(report.kind, {
      subject: subject.subject(),
      facts: compact({
        institution: report.institution,
        releaseDate: report.releaseDate,
        decision: report.decision,
        destinationCountry: report.destinationCountry,
      }),
    });
  },
);

export const prisonerReleasedReport = defineReport(
  "prisoner.released",
  z
    .strictObject({
      kind: z.literal("prisoner.released"),
      ...reportCoreShape,
      ...prisonerShape,
      releasedOn: dateField.describe("Day of release"),
      releaseGround: z
        .enum(releaseGrounds)
        .describe("Sentence served, parole, amnesty, pardon, court decision, other"),
      addressAfterRelease: text(300).optional().describe("Where the person said they will live"),
      destinationCountry: countryField
        .optional()
        .describe("The state the person said they will leave for, when leaving Kazakhstan"),
    })
    .meta({ id: "PrisonerReleasedReport", description: kindTexts["prisoner.released"].description }),
  (report, scope) => {
    const subject = new SubjectBuilder(scope).person("subject", report.prisoner, "/prisoner");
    return scope.notify(report.kind, {
      subject: subject.subject(),
      facts: compact({
        institution: report.institution,
        releasedOn: report.releasedOn,
        releaseGround: report.releaseGround,
        addressAfterRelease: report.addressAfterRelease,
        destinationCountry: report.destinationCountry,
      }),
    });
  },
);
