import { checkDefinition } from '../definitions/definition-check';
import { demoData, demoDefinitions, fateOf } from './demo-data';

describe(demoData.name, () => {
  it('is the same for the same period, with breaks of every kind', () => {
    const a = demoData('2026-10');
    expect(demoData('2026-10')).toEqual(a);
    expect(a.invoices).toHaveLength(2400);
    expect(Object.values(a.expected).every((n) => n > 0)).toBe(true);
    expect(new Set(a.invoices.map((i) => i.inv_no)).size).toBe(2400);
    expect(a.invoices.every((i) => i.period === '2026-10' && i.inv_date.startsWith('2026-10-'))).toBe(true);
  });

  it('injects exactly what it says', () => {
    const { invoices, postings, expected } = demoData('2026-11');
    const count = (ref: string) => postings.filter((p) => p.doc_ref === ref).length;
    expect(invoices.filter((i) => count(i.inv_no) === 0)).toHaveLength(expected.missing);
    expect(invoices.filter((i) => count(i.inv_no) === 2)).toHaveLength(expected.duplicate);
    expect(postings.filter((p) => p.doc_ref.startsWith('INV-X'))).toHaveLength(expected.unexpected);
    expect(invoices.filter((_, i) => fateOf(i) === 'amount')).toHaveLength(expected.amount);
  });
});

describe(demoDefinitions.name, () => {
  it('are valid definitions, with or without schemas', async () => {
    for (const schema of [undefined, { source: 'demo_coupa', target: 'demo_erp' }]) {
      for (const d of demoDefinitions('2026-11', schema))
        expect(await checkDefinition(d, { csvDir: false, httpHeaderSets: new Set() })).toMatchObject({ ok: true });
    }
    expect(demoDefinitions('2026-11', { source: 'demo_coupa', target: 'demo_erp' })[0]!.source).toMatchObject({
      query: expect.stringContaining('from demo_coupa.invoices'),
    });
  });
});
