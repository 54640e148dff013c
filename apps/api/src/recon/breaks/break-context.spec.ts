import { compileRecon } from '@closewatch/recon/compile';
import { type ReconDefinition } from '@closewatch/recon/definition';
import { breakContext, breakFacts } from './break-context';

const definition = {
  key: [
    { source: 'inv_no', target: 'doc_ref' },
    { source: 'entity', target: 'bu' },
  ],
  compare: [
    { source: 'amount', target: 'amt', tolerance: { abs: '0.01' } },
    { source: 'currency', target: 'cur' },
  ],
  totals: { amount: { source: 'amount', target: 'amt' }, groupBy: [{ source: 'currency', target: 'cur' }] },
} as ReconDefinition;
const plan = compileRecon(definition);

describe(breakFacts.name, () => {
  const ctx = breakContext({ materiality: { amount: '1000.00', currency: 'USD' } }, plan, { period: '2026-11' });

  it('finds the record key, currency, entity and period of a break by field names, else from the scope', () => {
    expect(ctx).toMatchObject({
      recordKeyField: 'inv_no',
      currency: { source: 'currency', target: 'cur' },
      entity: { source: 'entity', target: 'bu' },
      period: null,
    });
    const facts = breakFacts(
      { key: { inv_no: 'INV-1', entity: 'DE01' }, source: null, target: { doc_ref: 'INV-1', bu: 'DE01', amt: '12.50', cur: 'eur' }, amountAtRisk: '12.50' },
      ctx,
    );
    expect(facts).toEqual({ keyText: '["INV-1","DE01"]', recordKey: 'INV-1', amountAtRisk: '12.50', currency: 'EUR', entity: 'DE01', period: '2026-11' });
  });

  it('keeps no currency when the data has an invalid one, and the key text when the record key is null', () => {
    const facts = breakFacts(
      { key: { inv_no: null, entity: 'US01' }, source: { inv_no: null, entity: 'US01', currency: 'dollars', amount: '5' }, target: null, amountAtRisk: '5' },
      ctx,
    );
    expect(facts).toMatchObject({ recordKey: '[null,"US01"]', currency: null, amountAtRisk: '5' });
  });

  it('takes the materiality currency when the data has no currency field, and a chosen record key field', () => {
    const bare = compileRecon({ key: ['id', 'entity'], compare: [{ field: 'total', type: 'amount' }] } as ReconDefinition);
    const c = breakContext({ recordKey: 'entity', materiality: { amount: '1', currency: 'GBP' } }, bare, {});
    expect(breakFacts({ key: { id: '7', entity: 'UK01' }, source: { id: '7', entity: 'UK01', total: '3' }, target: null, amountAtRisk: '3' }, c)).toMatchObject(
      {
        recordKey: 'UK01',
        currency: 'GBP',
        entity: 'UK01',
        period: null,
      },
    );
  });
});
