import { MAX_EVENTS_PER_REQUEST } from '@closewatch/contracts/events';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { parseEventsRequest } from './events-request';

const event = (extra: Record<string, unknown> = {}) => ({
  id: 'e1',
  flow: 'f',
  recordKey: 'K',
  stage: 'emitted',
  system: 'coupa',
  occurredAt: '2026-11-20T09:00:00+01:00',
  ...extra,
});
const thrown = (body: unknown): ApiError => {
  try {
    parseEventsRequest(body);
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected a rejection');
};

describe(parseEventsRequest.name, () => {
  it('splits valid events from invalid ones, naming the fields of each', () => {
    const out = parseEventsRequest({ events: [event(), event({ id: 'e2', amount: 'ten', currency: 'USD' }), event({ id: 'e3', amount: 5 })] });
    expect(out.valid).toEqual([{ index: 0, event: expect.objectContaining({ id: 'e1' }) }]);
    expect(out.rejected).toEqual([
      { index: 1, errors: [{ field: 'amount', message: expect.any(String) }] },
      { index: 2, errors: [{ field: 'currency', message: 'is required when amount is given' }] },
    ]);
  });

  it('rejects text PostgreSQL cannot store instead of altering it', () => {
    const out = parseEventsRequest({ events: [event({ attributes: { note: 'a\u0000b', list: ['\ud800'] } })] });
    expect(out.rejected).toEqual([
      {
        index: 0,
        errors: [
          { field: 'attributes.note', message: expect.stringContaining('NUL') },
          { field: 'attributes.list.0', message: expect.stringContaining('NUL') },
        ],
      },
    ]);
  });

  it('rejects, by index and field flow, the events of flows the key may not write', () => {
    const out = parseEventsRequest({ events: [event(), event({ id: 'e2', flow: 'other' }), event({ id: 'e3' })] }, new Set(['f']));
    expect(out.valid.map((v) => v.index)).toEqual([0, 2]);
    expect(out.rejected).toEqual([{ index: 1, errors: [{ field: 'flow', message: 'flow "other" is not one of the flows this ingest key may write' }] }]);
    expect(parseEventsRequest({ events: [event({ flow: 'other' })] }, null).valid).toHaveLength(1);
  });

  it('refuses an envelope that is not {events: [...]}', () => {
    for (const body of [undefined, null, [], 'x', { events: {} }]) {
      const err = thrown(body);
      expect(err.code).toBe(ApiErrorCode.ValidationFailed);
      expect(err.details).toEqual([{ field: 'events', message: expect.any(String) }]);
    }
    expect(thrown({ events: [], more: true }).details).toEqual([{ field: 'more', message: expect.any(String) }]);
  });

  it('refuses more than MAX_EVENTS_PER_REQUEST events as too large', () => {
    const err = thrown({ events: new Array(MAX_EVENTS_PER_REQUEST + 1).fill(event()) });
    expect(err.code).toBe(ApiErrorCode.PayloadTooLarge);
    expect(err.details![0]!.field).toBe('events');
    expect(parseEventsRequest({ events: new Array(MAX_EVENTS_PER_REQUEST).fill(event()) }).valid).toHaveLength(MAX_EVENTS_PER_REQUEST);
  });
});
