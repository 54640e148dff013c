import { postgresKeyOrder } from './postgres-key-order';

describe(postgresKeyOrder.name, () => {
  it('orders each key part the engine way on each side', () => {
    const definition = {
      key: [{ source: 'inv_no', target: 'doc_ref' }, { field: 'line', type: 'number' as const }, { field: 'day', type: 'date' as const }, { field: 'batch', type: 'uuid' as const }],
    };
    expect(postgresKeyOrder(definition, 'source')).toBe(
      '("inv_no")::text COLLATE "C" ASC NULLS LAST, ("line")::numeric ASC NULLS LAST, ("day")::timestamptz ASC NULLS LAST, lower(("batch")::text) COLLATE "C" ASC NULLS LAST',
    );
    expect(postgresKeyOrder(definition, 'target').startsWith('("doc_ref")::text COLLATE "C"')).toBe(true);
  });

  it('orders a mapped key by the mapped expression and quotes names', () => {
    const definition = { key: ['invoice'], mappings: { target: [{ from: 'Doc "Ref"', to: 'invoice', trim: true, upper: true }] } };
    expect(postgresKeyOrder(definition, 'target')).toBe('(upper((btrim(("Doc ""Ref""")::text))::text))::text COLLATE "C" ASC NULLS LAST');
    expect(postgresKeyOrder(definition, 'source')).toBe('("invoice")::text COLLATE "C" ASC NULLS LAST');
  });

  it('refuses a key SQL cannot order the same way', () => {
    const definition = { key: [{ field: 'amount', type: 'number' as const }], mappings: { source: [{ from: 'minor', to: 'amount', minorUnits: { currencyField: 'ccy' } }] } };
    expect(() => postgresKeyOrder(definition, 'source')).toThrow('sort this side in the engine');
  });
});
