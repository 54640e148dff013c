import { type ZodError } from 'zod';
import { type ApiErrorDetail } from '@closewatch/contracts/errors';
import { businessEventSchema, MAX_EVENTS_PER_REQUEST, type ParsedBusinessEvent, type RejectedItem } from '@closewatch/contracts/events';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { unstorableFields } from '../common/storable-text';
import { allowsFlow, type FlowScope, outOfScopeReason } from './flow-scope';

export interface ValidEvent {
  index: number;
  event: ParsedBusinessEvent;
}

export interface ParsedEventsRequest {
  valid: ValidEvent[];
  rejected: RejectedItem[];
}

/**
 * Checks a `POST /api/v1/events` body: the envelope as a whole (400/413 naming the field, so
 * nothing is written), then each event on its own (invalid ones, and those for a flow the
 * ingest key may not write, are reported by index; the valid ones are stored).
 */
export function parseEventsRequest(body: unknown, flows: FlowScope = null): ParsedEventsRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw ApiError.field('events', 'is required: the body must be {"events": [...]}');
  const extra = Object.keys(body).filter((k) => k !== 'events');
  if (extra.length) throw ApiError.validation(extra.map((field) => ({ field, message: 'is not allowed; the body is {"events": [...]}' })));
  const events = (body as { events?: unknown }).events;
  if (!Array.isArray(events)) throw ApiError.field('events', 'must be an array of events');
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    throw new ApiError(ApiErrorCode.PayloadTooLarge, `At most ${MAX_EVENTS_PER_REQUEST} events per request; split the batch`, [
      { field: 'events', message: `has ${events.length} events; at most ${MAX_EVENTS_PER_REQUEST} are allowed per request` },
    ]);
  }
  const out: ParsedEventsRequest = { valid: [], rejected: [] };
  events.forEach((raw, index) => {
    const parsed = businessEventSchema.safeParse(raw);
    if (!parsed.success) {
      out.rejected.push({ index, errors: eventErrors(parsed.error) });
      return;
    }
    const bad = unstorableFields(raw);
    if (bad.length) {
      out.rejected.push({ index, errors: bad });
      return;
    }
    if (!allowsFlow(flows, parsed.data.flow)) {
      out.rejected.push({ index, errors: [{ field: 'flow', message: outOfScopeReason(parsed.data.flow) }] });
      return;
    }
    out.valid.push({ index, event: parsed.data });
  });
  return out;
}

/**
 * The errors of one rejected event, as the fixed `POST /api/v1/events` contract reports them:
 * dotted paths (`attributes.list.0`), zod's own messages, unknown keys under `body`. Request-level
 * errors use parseOrThrow's format instead (common/zod.pipe.ts).
 */
function eventErrors(err: ZodError): ApiErrorDetail[] {
  return err.issues.map((i) => ({ field: i.path.map(String).join('.') || 'body', message: i.message }));
}
