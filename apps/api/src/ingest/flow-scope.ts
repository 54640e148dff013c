import { type RequestPrincipal } from '../auth/principal';
import { ApiError, ApiErrorCode } from '../common/api-error';

/**
 * The flows an ingest key may write hops and runs for (docs/security.md): a Set built once
 * per key when it is verified (auth/ingest-keys.service.ts), so each item costs one lookup.
 * null: every flow.
 */
export type FlowScope = ReadonlySet<string> | null;

export function allowsFlow(scope: FlowScope, flow: string): boolean {
  return scope === null || scope.has(flow);
}

/** Why an item for this flow was refused. */
export function outOfScopeReason(flow: string): string {
  return `flow "${flow}" is not one of the flows this ingest key may write`;
}

/** Who sent a batch: the ingest key recorded on its hops and runs, and the flows it may write. */
export interface IngestSender {
  keyId: string | null;
  flows: FlowScope;
}

/** Internal writers (tests, Closewatch itself): no key, every flow. */
export const UNSCOPED_SENDER: IngestSender = { keyId: null, flows: null };

/** The sender of an ingest request; the guard admits only ingest keys to these routes, so anything else is refused. */
export function ingestSender(principal: RequestPrincipal | undefined): IngestSender {
  if (principal?.kind !== 'ingest') throw new ApiError(ApiErrorCode.Unauthenticated, 'This endpoint takes an ingest key');
  return { keyId: principal.keyId, flows: principal.flows };
}
