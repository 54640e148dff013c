import { type BusinessEvent } from '@closewatch/contracts/events';
import { type PlannedHop } from '../model';

/** A planned step as a business event (`POST /api/v1/events`); `at` is when it happened. */
export function eventOfHop(hop: PlannedHop, at: Date): BusinessEvent {
  const attributes: Record<string, unknown> = { step: hop.name, ...hop.attributes };
  if (hop.call) {
    attributes['http.request.method'] = hop.call.method;
    attributes['url.full'] = hop.call.url;
    attributes['http.response.status_code'] = hop.call.status;
  }
  const event: BusinessEvent = {
    id: hop.eventId,
    flow: hop.flow,
    recordKey: hop.recordKey,
    recordType: hop.recordType,
    stage: hop.stage,
    system: hop.system,
    occurredAt: at.toISOString(),
    entity: hop.entity,
    period: hop.period,
    attributes,
  };
  if (hop.amount !== null) event.amount = hop.amount;
  if (hop.currency !== null) event.currency = hop.currency;
  if (hop.dataStatus !== null) event.dataStatus = hop.dataStatus;
  if (hop.mappingVersion !== null) event.mappingVersion = hop.mappingVersion;
  if (hop.batchId !== null) event.batchId = hop.batchId;
  if (hop.error !== null) event.error = { ...hop.error };
  return event;
}
