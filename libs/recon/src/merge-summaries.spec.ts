import { type ReconDefinition } from './definition';
import { type Row } from './field-mapping';
import { mergeSummaries } from './merge-summaries';
import { reconcile } from './recon-engine';

const invoices: ReconDefinition = {
  key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'],
  compare: [{ source: 'amount', target: 'amt', tolerance: { abs: '0.01' } }],
  totals: { amount: { source: 'amount', target: 'amt' }, groupBy: [{ source: 'currency', target: 'cur' }] },
};

const source: Row[] = [
  { inv_no: 'A-1', entity: 'E1', amount: '10.10', currency: 'USD' },
  { inv_no: 'A-2', entity: 'E1', amount: '20.20', currency: 'EUR' },
  { inv_no: 'B-1', entity: 'E1', amount: '0.005', currency: 'USD' },
  { inv_no: 'B-1', entity: 'E2', amount: 'n/a', currency: 'USD' },
  { inv_no: 'C-1', entity: 'E1', amount: '5', currency: 'GBP' },
];
const target: Row[] = [
  { doc_ref: 'A-1', entity: 'E1', amt: '10.10', cur: 'USD' },
  { doc_ref: 'A-2', entity: 'E1', amt: '20.30', cur: 'EUR' },
  { doc_ref: 'B-1', entity: 'E1', amt: '0.005', cur: 'USD' },
  { doc_ref: 'B-1', entity: 'E1', amt: '0.005', cur: 'USD' },
  { doc_ref: 'C-2', entity: 'E1', amt: '7', cur: 'JPY' },
];

const run = (definition: ReconDefinition, s: Row[], t: Row[]) =>
  reconcile({ definition, source: { rows: s, sorted: true }, target: { rows: t, sorted: true } });
const below = (key: string) => (r: Row) => String(r.inv_no ?? r.doc_ref) < key;
const from = (key: string) => (r: Row) => String(r.inv_no ?? r.doc_ref) >= key;

describe(mergeSummaries.name, () => {
  it('adds up parts reconciled by key range to what one pass over all rows answers', async () => {
    const whole = await run(invoices, source, target);
    for (const split of ['A-2', 'B-1', 'C-0', 'Z']) {
      const parts = [
        await run(invoices, source.filter(below(split)), target.filter(below(split))),
        await run(invoices, source.filter(from(split)), target.filter(from(split))),
      ];
      expect(mergeSummaries(parts)).toEqual(whole);
    }
  });

  it('keeps the single group of a definition without totals, and adds three parts', async () => {
    const plain: ReconDefinition = { key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'], compare: [{ source: 'amount', target: 'amt' }] };
    const whole = await run(plain, source, target);
    const parts = await Promise.all(
      [
        [null, 'A-2'],
        ['A-2', 'C-0'],
        ['C-0', null],
      ].map(([lo, hi]) => {
        const inside = (r: Row) => (lo === null || from(lo)(r)) && (hi === null || below(hi)(r));
        return run(plain, source.filter(inside), target.filter(inside));
      }),
    );
    expect(mergeSummaries(parts)).toEqual(whole);
    expect(whole.source.totals).toEqual([{ group: {}, rows: 5, amount: null }]);
  });

  it('refuses no parts', () => {
    expect(() => mergeSummaries([])).toThrow(/at least one part/);
  });
});
