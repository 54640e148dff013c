import { type HopDto } from '@closewatch/contracts/telemetry';
import { lineageTraces } from './lineage-traces';

const A = '0af7651916cd43dd8448eb211c80319c';
const B = '4bf92f3577b34da6a3ce929d0e0e4736';
const C = 'ffffffffffffffffffffffffffffff01';

/** A hop of one record; only the trace, time, flow, system and status matter here. */
function hop(traceId: string | null, second: number, over: Partial<HopDto> = {}): HopDto {
  const occurredAt = new Date(Date.UTC(2026, 10, 2, 10, 0, second)).toISOString();
  const none = { amount: null, currency: null, entity: null, period: null, dataStatus: null, mappingVersion: null, batchId: null, spanId: null, error: null };
  return {
    flow: 'coupa-to-netsuite',
    recordKey: 'INV-1',
    recordType: 'invoice',
    stage: 'emitted',
    system: 'coupa',
    status: 'ok',
    occurredAt,
    traceId,
    source: 'event',
    registered: true,
    ...none,
    ...over,
  };
}

describe(lineageTraces.name, () => {
  it('gives one entry per trace with its time span, hop and error counts, flows and systems in order', () => {
    const traces = lineageTraces([
      hop(A, 0),
      hop(A, 10, { system: 'mulesoft', stage: 'received' }),
      hop(null, 15, { system: 'netsuite' }),
      hop(A, 20, { system: 'netsuite', stage: 'failed', status: 'error' }),
      hop(B, 30, { system: 'netsuite', stage: 'posted' }),
      hop(B, 60, { flow: 'netsuite-to-snowflake', system: 'snowflake', stage: 'published' }),
    ]);
    expect(traces).toEqual([
      {
        traceId: B,
        firstAt: '2026-11-02T10:00:30.000Z',
        lastAt: '2026-11-02T10:01:00.000Z',
        hops: 2,
        errors: 0,
        flows: ['coupa-to-netsuite', 'netsuite-to-snowflake'],
        systems: ['netsuite', 'snowflake'],
      },
      {
        traceId: A,
        firstAt: '2026-11-02T10:00:00.000Z',
        lastAt: '2026-11-02T10:00:20.000Z',
        hops: 3,
        errors: 1,
        flows: ['coupa-to-netsuite'],
        systems: ['coupa', 'mulesoft', 'netsuite'],
      },
    ]);
  });

  it('orders traces ending together by their start, then by id, newest first', () => {
    const traces = lineageTraces([hop(C, 0), hop(A, 5), hop(B, 5), hop(C, 9), hop(A, 9), hop(B, 9)]);
    expect(traces.map((t) => t.traceId)).toEqual([B, A, C]);
  });

  it('answers no traces for hops without trace ids', () => {
    expect(lineageTraces([hop(null, 0), hop(null, 1)])).toEqual([]);
  });
});
