import { type HopDto } from '@closewatch/contracts/telemetry';
import { hopKey, hopMatches, prependHops } from './hop-feed';

const hop = (recordKey: string, over: Partial<HopDto> = {}): HopDto => ({
  flow: 'coupa-to-netsuite-invoices',
  recordKey,
  recordType: 'invoice',
  stage: 'posted',
  system: 'netsuite',
  status: 'ok',
  occurredAt: '2026-11-20T10:00:00.000Z',
  amount: '10.00',
  currency: 'USD',
  entity: 'US01',
  period: '2026-11',
  dataStatus: null,
  mappingVersion: null,
  batchId: null,
  traceId: null,
  spanId: null,
  error: null,
  source: 'event',
  registered: true,
  ...over,
});

describe(prependHops.name, () => {
  it('puts the newest hop of a batch first, above what was shown', () => {
    const feed = prependHops([hop('A')], [hop('B'), hop('C')], 10);
    expect(feed.map((h) => h.recordKey)).toEqual(['C', 'B', 'A']);
  });

  it('does not repeat a hop that is already shown', () => {
    const feed = prependHops([hop('A'), hop('B')], [hop('A')], 10);
    expect(feed.map((h) => h.recordKey)).toEqual(['A', 'B']);
  });

  it('keeps at most max hops, dropping the oldest', () => {
    const feed = prependHops([hop('A'), hop('B')], [hop('C')], 2);
    expect(feed.map((h) => h.recordKey)).toEqual(['C', 'A']);
  });
});

describe(hopKey.name, () => {
  it('identifies span hops by trace and span id', () => {
    expect(hopKey(hop('A', { source: 'otlp', traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) }))).toBe(`otlp:${'a'.repeat(32)}:${'b'.repeat(16)}`);
  });
  it('tells apart two stages of one record', () => {
    expect(hopKey(hop('A', { stage: 'emitted' }))).not.toBe(hopKey(hop('A', { stage: 'posted' })));
  });
});

describe(hopMatches.name, () => {
  it('filters by flow only when one is given', () => {
    expect(hopMatches(hop('A'), undefined)).toBe(true);
    expect(hopMatches(hop('A'), 'other-flow')).toBe(false);
  });
});
