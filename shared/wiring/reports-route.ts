/** Where units file their reports: `POST /v1/reports`, authorised by API Gateway with IAM (SigV4). */
export const REPORTS_PATH = "/v1/reports";
