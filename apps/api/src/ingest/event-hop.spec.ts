import { businessEventSchema } from '@closewatch/contracts/events';
import { eventToHopRow } from './event-hop';

const parse = (e: Record<string, unknown>) =>
  businessEventSchema.parse({ id: 'e1', flow: 'f', recordKey: 'K', stage: 'posted', system: 'oracle', occurredAt: '2026-11-20T10:00:00+02:00', ...e });

describe(eventToHopRow.name, () => {
  it('keeps the event id as the idempotency key and the amount as exact text', () => {
    const hop = eventToHopRow(parse({ amount: '0.10', currency: 'EUR', traceId: 'b'.repeat(32), attributes: { x: 1 } }));
    expect(hop).toMatchObject({
      source: 'event',
      sourceId: 'e1',
      amount: '0.10',
      currency: 'EUR',
      status: 'ok',
      traceId: 'b'.repeat(32),
      spanId: null,
      attributes: { x: 1 },
    });
    expect(hop.occurredAt.toISOString()).toBe('2026-11-20T08:00:00.000Z');
  });

  it('writes a numeric amount in its decimal form', () => {
    expect(eventToHopRow(parse({ amount: 12.5, currency: 'USD' })).amount).toBe('12.5');
  });

  it('is an error when it carries error details or fails', () => {
    expect(eventToHopRow(parse({ error: { class: 'mapping', code: 'GL', message: 'unmapped' } }))).toMatchObject({
      status: 'error',
      errorClass: 'mapping',
      errorCode: 'GL',
      errorMessage: 'unmapped',
    });
    expect(eventToHopRow(parse({ stage: 'failed' })).status).toBe('error');
    expect(eventToHopRow(parse({ error: {} })).status).toBe('ok');
  });
});
