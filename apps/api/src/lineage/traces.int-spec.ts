import { type TraceResponse } from '@closewatch/contracts/telemetry';
import { startTestApp, type TestApp } from '../../test/test-app';
import { errorFields, get, hop, writeHops, writeSpans } from '../../test/telemetry-fixtures';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const OTHER = '0af7651916cd43dd8448eb211c80319c';
const EVENTS_ONLY = '5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e';

describe('GET /api/v1/traces/:traceId', () => {
  let t: TestApp;
  let viewer: string;

  beforeAll(async () => {
    t = await startTestApp();
    viewer = await t.tokenFor('viewer');
    // Written children first, so the order of the answer comes from start times.
    await writeSpans(t, [
      {
        traceId: TRACE,
        spanId: '00f067aa0ba902b7',
        parentSpanId: 'b7ad6b7169203331',
        name: 'netsuite.post',
        serviceName: 'netsuite-connector',
        start: '2026-11-02T10:00:00.000350Z',
        end: '2026-11-02T10:00:00.000900Z',
        statusCode: 2,
        statusMessage: 'target rejected',
        attributes: { 'finance.flow': 'coupa-to-netsuite', 'finance.record.key': 'INV-7', 'finance.amount': '1234567890123.4567', retries: 2 },
        hop: hop({
          flowId: 'coupa-to-netsuite',
          recordKey: 'INV-7',
          stage: 'failed',
          amount: '1234567890123.4567',
          currency: 'USD',
          errorClass: 'target_rejected',
        }),
      },
      {
        traceId: TRACE,
        spanId: 'b7ad6b7169203331',
        parentSpanId: 'a1b2c3d4e5f60718',
        name: 'mulesoft.transform',
        serviceName: 'mulesoft',
        start: '2026-11-02T10:00:00.000120Z',
        end: '2026-11-02T10:00:00.001000Z',
      },
      {
        traceId: TRACE,
        spanId: 'a1b2c3d4e5f60718',
        name: 'coupa.export',
        serviceName: 'coupa',
        kind: 2,
        start: '2026-11-02T10:00:00.000001Z',
        end: '2026-11-02T10:00:00.002000Z',
        resourceAttributes: { 'service.name': 'coupa', 'deployment.environment': 'prod' },
      },
      { traceId: OTHER, spanId: 'ffffffffffffffff', name: 'unrelated', start: '2026-11-02T09:00:00Z', end: '2026-11-02T09:00:01Z' },
    ]);
    await writeHops(t, [
      hop({ flowId: 'coupa-to-netsuite', recordKey: 'INV-8', stage: 'emitted', traceId: OTHER }),
      hop({ flowId: 'coupa-to-netsuite', recordKey: 'INV-9', stage: 'posted', traceId: EVENTS_ONLY }),
    ]);
  });
  afterAll(() => t.close());

  it('answers the spans by start time with their parent links and microsecond times', async () => {
    const res = await get<TraceResponse>(t, `/api/v1/traces/${TRACE}`, viewer);
    expect(res.status).toBe(200);
    expect(res.body.traceId).toBe(TRACE);
    expect(res.body.spans.map((s) => [s.spanId, s.parentSpanId])).toEqual([
      ['a1b2c3d4e5f60718', null],
      ['b7ad6b7169203331', 'a1b2c3d4e5f60718'],
      ['00f067aa0ba902b7', 'b7ad6b7169203331'],
    ]);
    expect(res.body.spans[0]).toEqual({
      traceId: TRACE,
      spanId: 'a1b2c3d4e5f60718',
      parentSpanId: null,
      name: 'coupa.export',
      serviceName: 'coupa',
      kind: 2,
      startTime: '2026-11-02T10:00:00.000001Z',
      endTime: '2026-11-02T10:00:00.002000Z',
      statusCode: 0,
      statusMessage: null,
      attributes: {},
      resourceAttributes: { 'service.name': 'coupa', 'deployment.environment': 'prod' },
      financeHop: false,
    });
    expect(res.body.spans[2]).toMatchObject({
      statusCode: 2,
      statusMessage: 'target rejected',
      attributes: { 'finance.amount': '1234567890123.4567', retries: 2 },
      financeHop: true,
    });
    expect(res.body.truncated).toBe(false);
  });

  it('includes the finance hops of the trace, and only those', async () => {
    const { body } = await get<TraceResponse>(t, `/api/v1/traces/${TRACE}`, viewer);
    expect(body.hops.map((h) => [h.recordKey, h.stage, h.spanId, h.amount, h.source])).toEqual([
      ['INV-7', 'failed', '00f067aa0ba902b7', '1234567890123.4567', 'otlp'],
    ]);
  });

  it('accepts an upper-case id as the same trace', async () => {
    const res = await get<TraceResponse>(t, `/api/v1/traces/${TRACE.toUpperCase()}`, viewer);
    expect(res.status).toBe(200);
    expect(res.body.spans).toHaveLength(3);
  });

  it('answers a trace named only by business events with its hops and no spans', async () => {
    const res = await get<TraceResponse>(t, `/api/v1/traces/${EVENTS_ONLY}`, viewer);
    expect(res.status).toBe(200);
    expect(res.body.spans).toEqual([]);
    expect(res.body.hops.map((h) => [h.recordKey, h.source])).toEqual([['INV-9', 'event']]);
  });

  it('answers 404 when nothing names the trace', async () => {
    const res = await get(t, `/api/v1/traces/${'1'.repeat(32)}`, viewer);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'not_found' } });
  });

  it.each([['not-a-trace-id-at-all-0000000000'], ['4bf92f3577b34da6'], [`${TRACE}00`]])('refuses %s with a 400 naming traceId', async (id) => {
    const res = await get(t, `/api/v1/traces/${id}`, viewer);
    expect(res.status).toBe(400);
    expect(errorFields(res.body)).toEqual(['traceId']);
  });

  it('is readable by auditors and refused without a token', async () => {
    expect((await get(t, `/api/v1/traces/${TRACE}`, await t.tokenFor('auditor'))).status).toBe(200);
    expect((await get(t, `/api/v1/traces/${TRACE}`)).status).toBe(401);
  });
});
