/**
 * Reports of the duty units (rules art. 14): offences by or against foreigners and accidents,
 * foreigners brought in without papers, each detention of a foreigner, and sudden deaths.
 */
import * as z from "zod";
import { kindTexts } from "../domain/catalogue/index.ts";
import {
  bringingServices,
  deathCircumstances,
  detentionGrounds,
  identitySources,
  incidentCategories,
  missingPapers,
} from "../domain/notification.ts";
import { multilineText, placeField, referenceField, text } from "../sources/kit/fields.ts";
import { compact, distinct } from "./facts.ts";
import { legalArticleField, listOf, reportCoreShape, reportForeigner, reportPerson } from "./fields.ts";
import { defineReport } from "./report.ts";
import { SubjectBuilder } from "./subject.ts";

const caseNumberField = referenceField
  .optional()
  .describe("Number of the register entry or case (e.g. КУИ, ЕРДР, administrative case)");

/** A person involved in an incident, with their part in it. */
const incidentPerson = z
  .strictObject({
    role: z
      .enum(["subject", "victim", "other"])
      .describe(
        "`subject`: the foreigner it is about (offender, or involved in the accident); `victim`; `other`",
      ),
    ...reportPerson.shape,
  })
  .meta({ id: "IncidentPerson", description: "A person involved, with their part in it" });

export const foreignerIncidentReport = defineReport(
  "foreigner.incident",
  z
    .strictObject({
      kind: z.literal("foreigner.incident"),
      ...reportCoreShape,
      place: placeField.optional().describe("Where it happened"),
      category: z
        .enum(incidentCategories)
        .describe("Offence by a foreigner, offence against a foreigner, accident, other"),
      persons: listOf(incidentPerson, 20).describe("The persons involved, foreigners first"),
      offence: legalArticleField.optional().describe("The article the offence falls under, when it is one"),
      summary: multilineText(1000).describe("What happened, as the duty unit recorded it"),
      caseNumber: caseNumberField,
    })
    .meta({ id: "ForeignerIncidentReport", description: kindTexts["foreigner.incident"].description }),
  (report, scope) => {
    const subject = new SubjectBuilder(scope);
    for (const [index, person] of report.persons.entries()) {
      subject.person(person.role, person, `/persons/${index}`);
    }
    return scope.notify(report.kind, {
      subject: subject.subject(),
      facts: compact({
        category: report.category,
        offenceArticle: report.offence?.article,
        offenceCode: report.offence?.code,
        summary: report.summary,
        caseNumber: report.caseNumber,
      }),
    });
  },
);

export const foreignerUndocumentedReport = defineReport(
  "foreigner.undocumented",
  z
    .strictObject({
      kind: z.literal("foreigner.undocumented"),
      ...reportCoreShape,
      place: placeField.optional().describe("Where the person was found"),
      person: reportForeigner.describe(
        "The person as they stated their identity (citizenship `XXX` when not even that is known)",
      ),
      missing: z
        .array(z.enum(missingPapers))
        .min(1)
        .max(2)
        .describe(
          "What the person had not got: an identity document, a document proving a legal stay, or both",
        ),
      identityEstablishedBy: z
        .enum(identitySources)
        .optional()
        .describe(
          "How the identity was established; leave it out when it rests on the person's own statement",
        ),
      broughtInBy: z.enum(bringingServices).describe("The police service that brought the person in"),
      broughtTo: text(200).describe("The police office the person was brought to"),
    })
    .meta({
      id: "ForeignerUndocumentedReport",
      description: kindTexts["foreigner.undocumented"].description,
    }),
  (report, scope) => {
    const subject = new SubjectBuilder(scope).person("subject", report.person, "/person");
    return scope.notify(report.kind, {
      subject: subject.subject(),
      facts: {
        missing: distinct(report.missing) ?? [],
        broughtInBy: report.broughtInBy,
        broughtTo: report.broughtTo,
        identityEstablishedBy: report.identityEstablishedBy ?? "own-statement",
      },
    });
  },
);

export const foreignerDetainedReport = defineReport(
  "foreigner.detained",
  z
    .strictObject({
      kind: z.literal("foreigner.detained"),
      ...reportCoreShape,
      place: placeField.optional().describe("Where the person was detained"),
      person: reportForeigner.describe("The person detained (role `subject`)"),
      ground: z
        .enum(detentionGrounds)
        .describe("Administrative offence, criminal suspicion, wanted, for expulsion, other"),
      article: legalArticleField.optional().describe("The article the detention rests on"),
      heldAt: text(200).describe(
        "Where the person is held: temporary detention facility, special reception centre, special institution",
      ),
      caseNumber: caseNumberField,
    })
    .meta({ id: "ForeignerDetainedReport", description: kindTexts["foreigner.detained"].description }),
  (report, scope) => {
    const subject = new SubjectBuilder(scope).person("subject", report.person, "/person");
    return scope.notify(report.kind, {
      subject: subject.subject(),
      facts: compact({
        ground: report.ground,
        article: report.article?.article,
        articleCode: report.article?.code,
        heldAt: report.heldAt,
        caseNumber: report.caseNumber,
      }),
    });
  },
);

export const foreignerSuddenDeathReport = defineReport(
  "foreigner.sudden-death",
  z
    .strictObject({
      kind: z.literal("foreigner.sudden-death"),
      ...reportCoreShape,
      place: placeField.describe("Where the body was found"),
      deceased: reportForeigner.describe(
        "The deceased as identified, or as documents found on the body or witnesses say (role `subject`)",
      ),
      identityConfirmed: z
        .boolean()
        .describe("false while the identity rests only on documents found or statements"),
      circumstances: z.enum(deathCircumstances).describe("Natural, accident, violent, or not yet known"),
      summary: multilineText(1000).optional().describe("The circumstances as the duty unit recorded them"),
      caseNumber: caseNumberField,
    })
    .meta({ id: "ForeignerSuddenDeathReport", description: kindTexts["foreigner.sudden-death"].description }),
  (report, scope) => {
    if (Object.keys(report.place).length === 0) {
      scope.problem(
        "/place",
        "place.empty",
        "Give at least the locality or the address where the body was found.",
      );
    }
    const subject = new SubjectBuilder(scope).person("subject", report.deceased, "/deceased");
    return scope.notify(report.kind, {
      subject: subject.subject(),
      facts: compact({
        circumstances: report.circumstances,
        identityConfirmed: report.identityConfirmed,
        summary: report.summary,
        caseNumber: report.caseNumber,
      }),
    });
  },
);
