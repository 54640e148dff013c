import { compileRecon } from './compile';
import { postgresKeyOrder, postgresKeyRange, postgresNullKey, postgresPlainStringKeys } from './postgres-key-order';

describe(postgresKeyOrder.name, () => {
  it('orders each key part the engine way on each side', () => {
    const definition = {
      key: [
        { source: 'inv_no', target: 'doc_ref' },
        { field: 'line', type: 'number' as const },
        { field: 'day', type: 'date' as const },
        { field: 'batch', type: 'uuid' as const },
      ],
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
    const definition = {
      key: [{ field: 'amount', type: 'number' as const }],
      mappings: { source: [{ from: 'minor', to: 'amount', minorUnits: { currencyField: 'ccy' } }] },
    };
    expect(() => postgresKeyOrder(definition, 'source')).toThrow('sort this side in the engine');
  });
});

describe(postgresKeyRange.name, () => {
  const plan = compileRecon({ key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'] });

  it('bounds the first key field from (included) to (left out), numbering the parameters on', () => {
    expect(postgresKeyRange(plan, 'source', { from: 'INV-4', to: 'INV-7' }, 3)).toEqual({
      sql: '("inv_no")::text COLLATE "C" >= $3::text and ("inv_no")::text COLLATE "C" < $4::text',
      values: ['INV-4', 'INV-7'],
    });
    expect(postgresKeyRange(plan, 'target', { from: null, to: 'INV-4' }, 1)).toEqual({ sql: '("doc_ref")::text COLLATE "C" < $1::text', values: ['INV-4'] });
  });

  it('leaves the null keys, which sort last, to a condition of their own', () => {
    expect(postgresKeyRange(plan, 'source', { from: 'INV-7', to: null }, 1).sql).toBe('("inv_no")::text COLLATE "C" >= $1::text');
    expect(postgresKeyRange(plan, 'source', { from: null, to: null }, 1)).toEqual({ sql: '("inv_no")::text COLLATE "C" is not null', values: [] });
    expect(postgresNullKey(plan, 'target')).toBe('("doc_ref")::text COLLATE "C" is null');
  });

  it('casts bounds to the key type and bounds a mapped key by its mapped value', () => {
    const typed = compileRecon({ key: [{ field: 'posted', type: 'date' }], mappings: { target: [{ from: 'gl_date', to: 'posted' }] } });
    expect(postgresKeyRange(typed, 'target', { from: '2026-11-01 00:00:00+00', to: null }, 2).sql).toBe('("gl_date")::timestamptz >= $2::timestamptz');
    const numbered = compileRecon({ key: [{ field: 'line', type: 'number' }] });
    expect(postgresKeyRange(numbered, 'source', { from: null, to: '500' }, 1).sql).toBe('("line")::numeric < $1::numeric');
  });
});

describe('ordering by the columns’ own collation', () => {
  const plan = compileRecon({
    key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity', { field: 'line', type: 'number' }],
    mappings: { target: [{ from: 'ent', to: 'entity', trim: true }] },
  });
  const own = { ownCollation: true };

  it('drops COLLATE "C" from string keys read as is, so that an index in their collation serves', () => {
    expect(postgresKeyOrder(plan, 'source', own)).toBe('"inv_no" ASC NULLS LAST, "entity" ASC NULLS LAST, ("line")::numeric ASC NULLS LAST');
    expect(postgresKeyRange(plan, 'source', { from: 'INV-4', to: 'INV-7' }, 1, undefined, own).sql).toBe('"inv_no" >= $1::text and "inv_no" < $2::text');
    expect(postgresNullKey(plan, 'target', own)).toBe('"doc_ref" is null');
  });

  it('keeps COLLATE "C" for mapped keys, and changes nothing without the option', () => {
    expect(postgresKeyOrder(plan, 'target', own)).toBe(
      '"doc_ref" ASC NULLS LAST, (btrim(("ent")::text))::text COLLATE "C" ASC NULLS LAST, ("line")::numeric ASC NULLS LAST',
    );
    expect(postgresKeyOrder(plan, 'source', {})).toBe(postgresKeyOrder(plan, 'source'));
    expect(postgresPlainStringKeys(plan, 'source')).toEqual(['inv_no', 'entity']);
    expect(postgresPlainStringKeys(plan, 'target')).toEqual(['doc_ref']);
  });
});
