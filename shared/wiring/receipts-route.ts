/** Where units acknowledge notifications: `POST /v1/receipts`, authorised by API Gateway with IAM (SigV4). */
export const RECEIPTS_PATH = "/v1/receipts";
