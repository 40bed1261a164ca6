import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { Observability } from "../../shared/adapters/observed-handler.ts";
import type { WebhookKeyring } from "../../shared/adapters/webhook-keyring.ts";
import { acceptedResponse, jsonApiHandler } from "../../shared/http/json-api.ts";
import {
  bodySizeLimit,
  parseJsonBody,
  requestIdOf,
  requireJsonContentType,
} from "../../shared/http/middlewares.ts";
import { MAX_BODY_BYTES } from "../../shared/wiring/limits.ts";
import { type AcceptFeedDependencies, acceptFeedRequest } from "./accept-feed-request.ts";
import { feedSourceRoute, webhookSignature } from "./middlewares.ts";

export interface IngestDependencies extends AcceptFeedDependencies, Observability {
  readonly keyring: WebhookKeyring;
}

/**
 * `POST /v1/feeds/{source}`: normalise headers → known source (404) → size (413) → signature (401)
 * → content type (415) → JSON (400) → contract, region, normalise and store (422 / 503) → 202.
 * Size comes before the signature so an oversize body is refused before it is hashed.
 */
export function createIngestHandler(deps: IngestDependencies) {
  const { logger, metrics } = deps;
  return (
    jsonApiHandler(deps)
      .use(feedSourceRoute({ logger }))
      .use(bodySizeLimit({ maxBytes: MAX_BODY_BYTES }))
      .use(webhookSignature({ keyring: deps.keyring, metrics }))
      .use(requireJsonContentType())
      .use(parseJsonBody())
      // Invoked with API Gateway's event; the middlewares above have added `feedSource` and `jsonBody`.
      .handler<APIGatewayProxyEvent, APIGatewayProxyResult>(async (event, context) => {
        const results = await acceptFeedRequest(event.feedSource, event.jsonBody, deps);
        return acceptedResponse(deps, {
          requestId: requestIdOf(event, context),
          results,
          log: { message: "request accepted", countKey: "records" },
        });
      })
  );
}
