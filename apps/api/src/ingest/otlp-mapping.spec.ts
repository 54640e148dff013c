import { mapOtlpSpans, rejectionMessage } from './otlp-mapping';
import { type Attributes, newAttributes, type OtlpResourceSpans, type OtlpSpan } from './otlp-span';

const attrs = (o: Record<string, Attributes[string]>): Attributes => Object.assign(newAttributes(), o);
const T = 'a'.repeat(32);
const span = (over: Partial<OtlpSpan> = {}): OtlpSpan => ({
  traceId: T,
  spanId: '1'.repeat(16),
  parentSpanId: '',
  name: 'step',
  kind: 1,
  startMicros: Date.parse('2026-11-20T10:00:00Z') * 1000,
  endMicros: Date.parse('2026-11-20T10:00:01.250Z') * 1000 + 999,
  statusCode: 0,
  statusMessage: '',
  attributes: attrs({}),
  ...over,
});
const batch = (resource: Record<string, Attributes[string]>, spans: OtlpSpan[]): OtlpResourceSpans[] => [
  { resource: attrs(resource), scopeSpans: [{ scopeName: 'scope', spans }] },
];
const finance = (extra: Record<string, Attributes[string]> = {}) =>
  attrs({ 'finance.flow': 'f', 'finance.record.key': 'K-1', 'finance.stage': 'posted', ...extra });

describe(mapOtlpSpans.name, () => {
  it('keeps a plain span as trace context only', () => {
    const out = mapOtlpSpans(batch({ 'service.name': 'svc' }, [span({ attributes: attrs({ 'http.method': 'GET' }) })]));
    expect(out.hops).toEqual([]);
    expect(out.rejected).toEqual([]);
    expect(out.spans).toEqual([
      expect.objectContaining({ traceId: T, serviceName: 'svc', scopeName: 'scope', parentSpanId: null, attributes: { 'http.method': 'GET' } }),
    ]);
  });

  it('rejects finance spans of flows the key may not write, keeping the others and plain spans', () => {
    const spans = [
      span({ attributes: finance() }),
      span({ spanId: '2'.repeat(16), attributes: finance({ 'finance.flow': 'g' }) }),
      span({ spanId: '3'.repeat(16) }),
    ];
    const out = mapOtlpSpans(batch({ 'service.name': 'svc' }, spans), new Set(['f']));
    expect(out.hops.map((h) => h.flowId)).toEqual(['f']);
    expect(out.spans).toHaveLength(1);
    expect(out.rejected).toEqual([
      { path: 'resourceSpans[0].scopeSpans[0].spans[1]', reason: `span ${'2'.repeat(16)}: flow "g" is not one of the flows this ingest key may write` },
    ]);
  });

  it('makes a hop of a span with finance.flow and finance.record.key, at the span end time, carrying the span', () => {
    const out = mapOtlpSpans(batch({ 'service.name': 'netsuite' }, [span({ attributes: finance({ 'finance.amount': '10.00', 'finance.currency': 'USD' }) })]));
    // Stored once, as its hop: not also a `spans` row.
    expect(out.spans).toEqual([]);
    expect(out.hops).toEqual([
      expect.objectContaining({
        source: 'otlp',
        sourceId: `${T}:${'1'.repeat(16)}`,
        flowId: 'f',
        recordKey: 'K-1',
        system: 'netsuite',
        stage: 'posted',
        status: 'ok',
        amount: '10.00',
        currency: 'USD',
        occurredAt: new Date('2026-11-20T10:00:01.250Z'),
        traceId: T,
        spanId: '1'.repeat(16),
        // Every attribute here is what a column holds: not stored again, their bits set instead.
        attributes: {},
        financeAttributes: 0b1101011, // flow, record key, stage, amount, currency

        serviceName: 'netsuite',
        scopeName: 'scope',
        parentSpanId: null,
        resourceIndex: 0,
      }),
    ]);
  });

  it('lets span attributes win over resource attributes', () => {
    const out = mapOtlpSpans(
      batch({ 'service.name': 'mulesoft', 'finance.flow': 'resource-flow', 'finance.stage': 'received' }, [
        span({ attributes: attrs({ 'finance.record.key': 'K', 'finance.stage': 'transformed', 'finance.system': 'boomi' }) }),
      ]),
    );
    expect(out.hops[0]).toMatchObject({ flowId: 'resource-flow', stage: 'transformed', system: 'boomi' });
  });

  it('marks ERROR spans and failed or dead-lettered stages as errors, with class, code and message', () => {
    const out = mapOtlpSpans(
      batch({ 'service.name': 's' }, [
        span({
          spanId: '1'.repeat(16),
          statusCode: 2,
          statusMessage: 'period closed',
          attributes: finance({ 'finance.error.class': 'target_rejected', 'error.type': 'PERIOD_CLOSED' }),
        }),
        span({ spanId: '2'.repeat(16), attributes: finance({ 'finance.stage': 'dead_lettered' }) }),
        span({ spanId: '3'.repeat(16), statusMessage: 'ignored when ok', attributes: finance() }),
      ]),
    );
    expect(out.hops.map((h) => [h.status, h.errorClass, h.errorCode, h.errorMessage])).toEqual([
      ['error', 'target_rejected', 'PERIOD_CLOSED', 'period closed'],
      ['error', null, null, null],
      ['ok', null, null, null],
    ]);
  });

  it('rejects spans with unusable ids or times and says where they are', () => {
    const out = mapOtlpSpans(
      batch({}, [
        span({ traceId: 'xyz' }),
        span({ traceId: '0'.repeat(32) }),
        span({ spanId: '12' }),
        span({ endMicros: 0 }),
        span({ startMicros: Number.MAX_SAFE_INTEGER + 2 }),
        span({ spanId: '4'.repeat(16), parentSpanId: 'nothex', kind: 99, statusCode: 7 }),
      ]),
    );
    expect(out.rejected.map((r) => r.path)).toEqual([0, 1, 2, 3, 4].map((k) => `resourceSpans[0].scopeSpans[0].spans[${k}]`));
    expect(out.rejected.map((r) => r.reason)).toEqual([
      expect.stringContaining('invalid traceId "xyz"'),
      expect.stringContaining('invalid traceId'),
      expect.stringContaining('invalid spanId "12"'),
      expect.stringContaining('endTimeUnixNano'),
      expect.stringContaining('startTimeUnixNano'),
    ]);
    expect(out.spans).toEqual([expect.objectContaining({ parentSpanId: null, kind: 0, statusCode: 0 })]);
  });

  it.each([
    [{ 'finance.stage': 'shipped' }, 'finance.stage "shipped" is not one of'],
    [{ 'finance.stage': null }, 'finance.stage is missing'],
    [{ 'finance.amount': '12,50', 'finance.currency': 'EUR' }, 'finance.amount "12,50" is not a decimal'],
    [{ 'finance.amount': '5' }, 'finance.currency is required when finance.amount is given'],
    [{ 'finance.currency': 'usd' }, 'finance.currency "usd" is not an ISO 4217 code'],
    [{ 'finance.period': '2026-13' }, 'finance.period "2026-13" is not an accounting period'],
    [{ 'finance.data.status': 'final' }, 'finance.data.status "final" is not one of'],
    [{ 'finance.error.class': 'oops' }, 'finance.error.class "oops" is not one of'],
    [{ 'finance.record.key': '  ' }, 'finance.record.key is empty'],
    [{ 'finance.entity': ['DE01'] }, 'finance.entity must be a string'],
  ])('rejects a finance span with %j, naming the attribute', (extra, message) => {
    const out = mapOtlpSpans(batch({ 'service.name': 's' }, [span({ attributes: finance(extra) })]));
    expect(out.hops).toEqual([]);
    expect(out.spans).toEqual([]);
    expect(out.rejected[0]!.reason).toContain(message);
  });

  it('rejects a finance span with no system when the resource has no service.name', () => {
    expect(mapOtlpSpans(batch({}, [span({ attributes: finance() })])).rejected[0]!.reason).toContain('finance.system is missing');
  });

  it.each([
    [1234.5, '1234.5'],
    [0.1 + 0.2, '0.3'],
    [1e-7, '0.0000001'],
    [42, '42'],
    ['-0.05', '-0.05'],
  ])('writes the amount %p as the exact decimal %p', (amount, text) => {
    const out = mapOtlpSpans(batch({ 'service.name': 's' }, [span({ attributes: finance({ 'finance.amount': amount, 'finance.currency': 'USD' }) })]));
    expect(out.hops[0]!.amount).toBe(text);
  });

  it('summarises rejections, first ones in full', () => {
    const rejected = Array.from({ length: 12 }, (_, i) => ({ path: `p${i}`, reason: `r${i}` }));
    const msg = rejectionMessage(rejected);
    expect(msg).toMatch(/^12 span\(s\) rejected: p0: r0; /);
    expect(msg).toContain('p9: r9; and 2 more');
    expect(msg).not.toContain('p10');
  });
});
