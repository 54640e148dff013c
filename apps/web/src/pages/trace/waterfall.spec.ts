import { type SpanDto } from '@closewatch/contracts/telemetry';
import { waterfall } from './waterfall';

const span = (spanId: string, parentSpanId: string | null, start: string, end: string, name = spanId): SpanDto => ({
  traceId: 'a'.repeat(32),
  spanId,
  parentSpanId,
  name,
  serviceName: 'svc',
  kind: 1,
  startTime: `2026-11-20T10:00:${start}Z`,
  endTime: `2026-11-20T10:00:${end}Z`,
  statusCode: 0,
  statusMessage: null,
  attributes: {},
  resourceAttributes: {},
  financeHop: false,
});

describe(waterfall.name, () => {
  it('orders parents before children and places spans on the time axis', () => {
    const rows = waterfall([
      span('c2', 'root', '06.000', '10.000'),
      span('root', null, '00.000', '10.000'),
      span('c1', 'root', '01.000', '03.000'),
      span('g', 'c1', '02.000', '02.500'),
    ]);
    expect(rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ['root', 0],
      ['c1', 1],
      ['g', 2],
      ['c2', 1],
    ]);
    const c1 = rows[1];
    expect(c1.offset).toBeCloseTo(0.1);
    expect(c1.width).toBeCloseTo(0.2);
    expect(c1.durationMs).toBe(2000);
  });

  it('treats spans whose parent is missing as roots', () => {
    const rows = waterfall([span('x', 'not-here', '01.000', '02.000'), span('y', null, '00.000', '01.000')]);
    expect(rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ['y', 0],
      ['x', 0],
    ]);
  });

  it('shows spans caught in a parent cycle instead of dropping or looping', () => {
    const rows = waterfall([span('a', 'b', '00.000', '01.000'), span('b', 'a', '00.500', '01.000')]);
    expect(rows.map((r) => r.span.spanId).sort()).toEqual(['a', 'b']);
  });

  it('gives zero-length spans a visible width', () => {
    const [row] = waterfall([span('z', null, '00.000', '00.000')]);
    expect(row.width).toBeGreaterThan(0);
  });
});
