/**
 * The kinds of identity document a person's record may carry. Apart from notification.ts (its zod
 * schemas), so that the person queries, which parse a document type from the query string, load no
 * notification schema and no catalogue texts.
 */
export const documentTypes = [
  "passport",
  "id-card",
  "residence-permit",
  "stateless-travel-document",
  "refugee-travel-document",
  "visa",
  "migration-card",
  "birth-certificate",
  "other",
] as const;
export type DocumentType = (typeof documentTypes)[number];
