import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileRecon } from './compile';
import { type ReconDefinition } from './definition';
import { externalSort } from './external-sort';
import { type Row } from './field-mapping';
import { rowKeyer, type KeyedRow } from './keyed-row';
import { reconcile } from './recon-engine';
import { type ReconBreak } from './result';

const definition: ReconDefinition = {
  key: ['account', { field: 'line', type: 'number' }],
  compare: [{ field: 'amount', tolerance: { abs: '0.01' } }, 'memo'],
  totals: { amount: 'amount', groupBy: ['currency'] },
};

function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

function dataset(n: number, seed: number): { source: Row[]; target: Row[] } {
  const random = seeded(seed);
  const accounts = ['1000', '2000', 'Kasse', 'Bank-é', '中文', '😀', 'ab\u0000c'];
  const source: Row[] = [];
  const target: Row[] = [];
  for (let i = 0; i < n; i++) {
    const row = {
      account: accounts[Math.floor(random() * accounts.length)],
      line: Math.floor(random() * (n / 2)),
      amount: (Math.floor(random() * 100000) / 100).toFixed(2),
      currency: random() < 0.5 ? 'EUR' : 'USD',
      memo: random() < 0.1 ? null : `m${Math.floor(random() * 3)}`,
    };
    const r = random();
    if (r > 0.05) source.push(row);
    if (r < 0.95) target.push(r < 0.1 ? { ...row, amount: (Number(row.amount) + 1).toFixed(2) } : r < 0.15 ? { ...row, memo: 'changed' } : row);
  }
  return { source, target };
}

function shuffle<T>(values: T[], seed: number): T[] {
  const random = seeded(seed);
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function* from<T>(values: T[]): AsyncGenerator<T> {
  yield* values;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of iterable) out.push(v);
  return out;
}

describe(externalSort.name, () => {
  let tempDir: string;
  beforeEach(async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'recon-sort-spec-'));
  });
  afterEach(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  it('spills tiny runs, merges them in several passes and gives the in-memory stable sort', async () => {
    const plan = compileRecon(definition);
    const keyer = rowKeyer(plan, 'source');
    const rows = dataset(1000, 1).source.map((r, i) => keyer(r, i));
    const expected = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
    let runs = 0;
    const sorted = await collect(externalSort(from(rows), { runSize: 7, mergeWidth: 3, tempDir, onRunWritten: () => runs++ }));
    expect(runs).toBe(Math.ceil(rows.length / 7));
    expect(sorted).toEqual(expected);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('sorts in memory without touching the disk when the input fits one run', async () => {
    const plan = compileRecon(definition);
    const keyer = rowKeyer(plan, 'source');
    const rows = dataset(50, 2).source.map((r, i) => keyer(r, i));
    let runs = 0;
    const sorted = await collect(externalSort(from(rows), { runSize: 1000, tempDir, onRunWritten: () => runs++ }));
    expect(runs).toBe(0);
    expect(sorted.map((r) => r.index)).toEqual([...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index)).map((r) => r.index));
  });

  it('removes its run files when the consumer stops early', async () => {
    const plan = compileRecon(definition);
    const keyer = rowKeyer(plan, 'source');
    const rows = dataset(500, 3).source.map((r, i) => keyer(r, i));
    const it = externalSort(from(rows), { runSize: 10, tempDir });
    const first = await it.next();
    expect((first.value as KeyedRow).key).toBeDefined();
    expect((await readdir(tempDir)).length).toBe(1);
    await it.return(undefined);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it('makes reconcile on unsorted sides give the same result as on sorted sides', async () => {
    const { source, target } = dataset(4000, 4);
    const plan = compileRecon(definition);
    const order = (side: 'source' | 'target', rows: Row[]) => {
      const keyer = rowKeyer(plan, side);
      return rows
        .map((row, i) => ({ row, k: keyer(row, i) }))
        .sort((a, b) => (a.k.key < b.k.key ? -1 : a.k.key > b.k.key ? 1 : a.k.index - b.k.index))
        .map((x) => x.row);
    };
    const sortedBreaks: ReconBreak[] = [];
    const sortedSummary = await reconcile({
      definition,
      source: { rows: order('source', source), sorted: true },
      target: { rows: order('target', target), sorted: true },
      onBreaks: (b) => {
        sortedBreaks.push(...b);
      },
    });
    const spilledBreaks: ReconBreak[] = [];
    let runs = 0;
    const spilledSummary = await reconcile({
      definition,
      source: { rows: from(shuffle(source, 5)), sorted: false },
      target: { rows: shuffle(target, 6), sorted: false },
      externalSort: { runSize: 40, mergeWidth: 8, tempDir, onRunWritten: () => runs++ },
      onBreaks: (b) => {
        spilledBreaks.push(...b);
      },
    });
    expect(runs).toBeGreaterThan(150);
    expect(spilledSummary).toEqual(sortedSummary);
    // A duplicated key's breaks show its first row in input order, which the shuffle changes; all else must agree.
    const duplicated = new Set(sortedBreaks.filter((b) => b.type === 'duplicate_key').map((b) => JSON.stringify(b.key)));
    const comparable = (b: ReconBreak) => {
      if (!duplicated.has(JSON.stringify(b.key)) || b.type === 'duplicate_key') return { ...b, source: b.source && {}, target: b.target && {} };
      return { ...b, source: b.source && {}, target: b.target && {}, amountAtRisk: null };
    };
    const exact = (b: ReconBreak) => !duplicated.has(JSON.stringify(b.key));
    expect(spilledBreaks.filter(exact)).toEqual(sortedBreaks.filter(exact));
    expect(spilledBreaks.map(comparable)).toEqual(sortedBreaks.map(comparable));
    expect(sortedSummary.breaks.amount_mismatch).toBeGreaterThan(0);
    expect(sortedSummary.breaks.field_mismatch).toBeGreaterThan(0);
    expect(sortedSummary.breaks.duplicate_key).toBeGreaterThan(0);
    expect(sortedSummary.breaks.missing_in_target).toBeGreaterThan(0);
    expect(sortedSummary.breaks.unexpected_in_target).toBeGreaterThan(0);
    expect(await readdir(tempDir)).toEqual([]);
  });
});
