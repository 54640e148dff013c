import { createHash } from 'node:crypto';
import { type BisectSide, type KeyRange, reconcileBisect, rowDigestText, type SegmentChecksum } from './bisect';
import { compileRecon, type ReconPlan } from './compile';
import { type ReconDefinition, type Side } from './definition';
import { type Row } from './field-mapping';
import { GroupTotals } from './group-totals';
import { encodeKeyValues, rowKeyer } from './keyed-row';
import { reconcile } from './recon-engine';
import { type GroupTotal, type ReconBreak } from './result';

const definition: ReconDefinition = {
  key: [{ source: 'id', target: 'ref', type: 'number' }],
  compare: [
    { source: 'amount', target: 'amt', tolerance: { abs: '0.01' } },
    { source: 'status', target: 'state' },
  ],
  totals: { amount: { source: 'amount', target: 'amt' }, groupBy: [{ source: 'currency', target: 'cur' }] },
};

/**
 * A dataset held in an array that answers like the SQL implementation would: checksums over
 * key ranges as an order-independent sum of 64-bit digests, split points every n-th key, rows
 * of a range in key order. Counts what it transfers.
 */
class MemorySide implements BisectSide {
  transferred = 0;
  splitCalls = 0;
  private readonly rowsByKey: { key: string; row: Row; digest: bigint }[];

  constructor(
    private readonly plan: ReconPlan,
    private readonly side: Side,
    rows: Row[],
    private readonly withDistinctKeys = true,
  ) {
    const keyer = rowKeyer(plan, side);
    const digestText = rowDigestText(plan, side);
    this.rowsByKey = rows
      .map((row, i) => ({ key: keyer(row, i).key, row, digest: BigInt(`0x${createHash('md5').update(digestText(row)).digest('hex').slice(0, 16)}`) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private inRange(range: KeyRange) {
    const from = range.from ? encodeKeyValues(this.plan, range.from) : null;
    const to = range.to ? encodeKeyValues(this.plan, range.to) : null;
    return this.rowsByKey.filter((r) => (from === null || r.key >= from) && (to === null || r.key < to));
  }

  async checksum(range: KeyRange): Promise<SegmentChecksum> {
    const rows = this.inRange(range);
    const sum = rows.reduce((acc, r) => (acc + r.digest) % 2n ** 64n, 0n);
    const out: SegmentChecksum = { rows: rows.length, hash: sum.toString(16) };
    if (this.withDistinctKeys) out.distinctKeys = new Set(rows.map((r) => r.key)).size;
    return out;
  }

  async splitPoints(range: KeyRange, parts: number): Promise<Row[]> {
    this.splitCalls++;
    const rows = this.inRange(range);
    const step = Math.ceil(rows.length / parts);
    const out: Row[] = [];
    for (let i = step; i < rows.length; i += step) out.push(rows[i].row);
    return out;
  }

  async *rows(range: KeyRange): AsyncGenerator<Row> {
    for (const r of this.inRange(range)) {
      this.transferred++;
      yield r.row;
    }
  }

  async totals(): Promise<GroupTotal[]> {
    const totals = new GroupTotals(this.plan);
    const keyer = rowKeyer(this.plan, this.side);
    this.rowsByKey.forEach((r, i) => totals.add(keyer(r.row, i).values));
    return totals.summary().totals;
  }
}

function ledger(n: number): { source: Row[]; target: Row[] } {
  const source: Row[] = [];
  const target: Row[] = [];
  for (let i = 0; i < n; i++) {
    const amount = `${(i % 997) + 1}.${String(i % 100).padStart(2, '0')}`;
    const currency = i % 3 === 0 ? 'EUR' : 'USD';
    source.push({ id: i, amount, currency, status: 'posted' });
    target.push({ ref: String(i), amt: amount, cur: currency, state: 'posted' });
  }
  return { source, target };
}

async function bisect(source: Row[], target: Row[], options: { distinctKeys?: boolean; leafRows?: number } = {}) {
  const plan = compileRecon(definition);
  const s = new MemorySide(plan, 'source', source, options.distinctKeys ?? true);
  const t = new MemorySide(plan, 'target', target, options.distinctKeys ?? true);
  const breaks: ReconBreak[] = [];
  const summary = await reconcileBisect({
    definition: plan,
    source: s,
    target: t,
    leafRows: options.leafRows ?? 50,
    fanOut: 8,
    onBreaks: (b) => {
      breaks.push(...b);
    },
  });
  return { summary, breaks, s, t };
}

async function full(source: Row[], target: Row[]) {
  const breaks: ReconBreak[] = [];
  const summary = await reconcile({
    definition,
    source: { rows: source, sorted: false },
    target: { rows: target, sorted: false },
    onBreaks: (b) => {
      breaks.push(...b);
    },
  });
  return { summary, breaks };
}

describe(reconcileBisect.name, () => {
  it('confirms equal data from two checksums without transferring a row', async () => {
    const { source, target } = ledger(10_000);
    const { summary, breaks, s, t } = await bisect(source, target);
    expect(s.transferred + t.transferred).toBe(0);
    expect(s.splitCalls + t.splitCalls).toBe(0);
    expect(summary.bisect).toEqual({ checksums: 2, equalSegments: 1, equalRows: 10_000, leafSegments: 0, transferred: { source: 0, target: 0 } });
    expect(summary.matched).toBe(10_000);
    expect(breaks).toEqual([]);
    expect(summary.groups.every((g) => g.balanced)).toBe(true);
    expect(summary.source.rows).toBe(10_000);
  });

  it('finds exactly the differing rows, transferring only the segments around them', async () => {
    const { source, target } = ledger(10_000);
    target[1234] = { ...target[1234], amt: '999999.00' }; // amount_mismatch
    target[5000] = { ...target[5000], state: 'reversed' }; // field_mismatch
    target.splice(9000, 1); // missing_in_target (id 9000)
    target.push({ ref: '25000', amt: '1.00', cur: 'USD', state: 'posted' }); // unexpected_in_target
    target.push({ ...target[8000] }); // duplicate_key on the target
    target[7000] = { ...target[7000], amt: `${target[7000].amt as string}5` }; // within tolerance: matched
    const expected = await full(source, target);
    const { summary, breaks, s, t } = await bisect(source, target);

    expect(breaks).toEqual(expected.breaks);
    expect(breaks.map((b) => [b.type, b.key.id])).toEqual([
      ['amount_mismatch', '1234'],
      ['field_mismatch', '5000'],
      ['duplicate_key', '8000'],
      ['missing_in_target', '9000'],
      ['unexpected_in_target', '25000'],
    ]);
    expect(summary.breaks).toEqual(expected.summary.breaks);
    expect(summary.matched).toBe(expected.summary.matched);
    expect(summary.groups).toEqual(expected.summary.groups);
    expect(summary.source.totals).toEqual(expected.summary.source.totals);
    expect(summary.bisect.equalRows).toBeGreaterThan(9_000);
    expect(s.transferred).toBeLessThan(6 * 50);
    expect(t.transferred).toBeLessThan(6 * 50);
  });

  it('looks into segments with duplicate keys even when both sides agree, if distinct key counts are given', async () => {
    const { source, target } = ledger(1000);
    source.push({ ...source[400] });
    target.push({ ...target[400] });
    const withCounts = await bisect(source, target);
    expect(withCounts.breaks.map((b) => [b.type, b.side, b.key.id])).toEqual([
      ['duplicate_key', 'source', '400'],
      ['duplicate_key', 'target', '400'],
    ]);
    const withoutCounts = await bisect(source, target, { distinctKeys: false });
    expect(withoutCounts.breaks).toEqual([]);
  });

  it('splits on the larger side when the other is empty', async () => {
    const { target } = ledger(500);
    const { summary, s, t } = await bisect([], target);
    expect(summary.breaks.unexpected_in_target).toBe(500);
    expect(s.splitCalls).toBe(0);
    expect(t.splitCalls).toBeGreaterThan(0);
  });

  it('fails when a side returns a row outside the segment it was asked for', async () => {
    const plan = compileRecon(definition);
    const { source, target } = ledger(200);
    target[10] = { ...target[10], amt: '0.00' };
    const honest = new MemorySide(plan, 'target', target);
    const leaky: BisectSide = {
      checksum: (r) => honest.checksum(r),
      splitPoints: (r, p) => honest.splitPoints(r, p),
      rows: async function* () {
        yield* target; // ignores the range
      },
    };
    await expect(reconcileBisect({ definition: plan, source: new MemorySide(plan, 'source', source), target: leaky, leafRows: 20 })).rejects.toMatchObject({
      code: 'out_of_range',
      side: 'target',
    });
  });
});
