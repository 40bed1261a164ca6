/**
 * Where a unit asks where a notification is: `GET /v1/notifications/{id}/trace`, or by the upstream
 * record (`GET /v1/records/{source}/{recordId}/trace`, `source` being the record's system: a feed, a
 * filing unit, `receipts`), both authorised by API Gateway with IAM (SigV4) and answered by the trace
 * function, which tells them apart by the event's `resource`.
 */
export const TRACE_PATHS = {
  byNotification: "/v1/notifications/{id}/trace",
  byRecord: "/v1/records/{source}/{recordId}/trace",
} as const;

/** The path parameters the routes name. */
export const TRACE_PARAMETERS = { id: "id", source: "source", recordId: "recordId" } as const;
