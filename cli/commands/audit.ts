import { defineCommand } from "../command.ts";
import { describeAnswer, formatAudit, requireLanguage } from "../format-query.ts";
import { auditorTarget } from "../hub-config.ts";
import { printable } from "../printable.ts";
import { readAuditLog } from "../query-client.ts";

export const auditCommand = defineCommand({
  name: "audit",
  options: {
    from: {
      type: "string",
      description: "start of the period: YYYY-MM-DD (deployment's clocks) or an ISO date-time",
    },
    to: {
      type: "string",
      description: "end of the period: YYYY-MM-DD (to the end of that day) or a date-time",
    },
    unit: { type: "string", description: "only the queries of this unit" },
    person: {
      type: "string",
      description: "only the queries about this person: an IIN, or <country>:<document>",
    },
    limit: { type: "string", description: "most records of one page" },
    cursor: { type: "string", description: "the next page, as the previous answer printed it" },
    officer: {
      type: "string",
      description: "the auditor, the role session name (local hub; default: your user name)",
    },
    lang: { type: "string", description: "language of the query titles: kk, ru or en (default en)" },
    "api-url": {
      type: "string",
      description:
        "the hub's API on AWS (default: the local hub, or HUB_API_URL); signs with your credentials for the AuditorRoleArn",
    },
    json: { type: "boolean", description: "print the hub's response as JSON" },
  },
  summary: "Read who asked the hub what, when and why (the auditor's role signs)",
  usage: "hub audit --from <date> --to <date> [--unit <unit>] [--person <IIN | country:document>]",
  async run({ values, out }) {
    const language = requireLanguage(values.lang);
    const response = await readAuditLog(auditorTarget(values), {
      from: values.from,
      to: values.to,
      unit: values.unit,
      person: values.person,
      limit: values.limit,
      cursor: values.cursor,
    });
    const print = { json: values.json === true };
    const text = describeAnswer(response, print, (answer) => formatAudit(answer, language));
    out.write(printable(text, { lineFeeds: true }));
    return response.status === 200 ? 0 : 1;
  },
});
