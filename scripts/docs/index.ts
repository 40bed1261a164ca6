import { renderFeedGuide } from "./feeds.ts";
import { renderNotificationSchema } from "./notification-schema.ts";
import { renderOpenApi } from "./openapi.ts";
import { renderReportGuide } from "./reports.ts";
import { renderRoutingMatrix } from "./routing.ts";

/** Every generated document, by its path from the repository root. */
export const generatedDocs: Record<string, () => string> = {
  "docs/routing.md": renderRoutingMatrix,
  "docs/openapi.json": renderOpenApi,
  "docs/notification.schema.json": renderNotificationSchema,
  "docs/feeds.md": () => renderFeedGuide(),
  "docs/reports.md": () => renderReportGuide(),
};
