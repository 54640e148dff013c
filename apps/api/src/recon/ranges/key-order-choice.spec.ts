import fc from 'fast-check';
import { type KeyColumnFacts, MIN_CORRELATION, ownCollationChoice } from './key-order-choice';

const usable: KeyColumnFacts = {
  name: 'k',
  tableColumn: true,
  textType: true,
  collation: 'pg_catalog."default"',
  isC: false,
  deterministic: true,
  indexed: true,
  correlation: 1,
  ordersLikeC: true,
};

const facts = fc.record({
  name: fc.constantFrom('k', 'entity'),
  tableColumn: fc.boolean(),
  textType: fc.boolean(),
  collation: fc.option(fc.constantFrom('pg_catalog."default"', 'pg_catalog."en-x-icu"'), { nil: null }),
  isC: fc.boolean(),
  deterministic: fc.boolean(),
  indexed: fc.boolean(),
  correlation: fc.option(fc.double({ min: -1, max: 1, noNaN: true }), { nil: null }),
  ordersLikeC: fc.boolean(),
});

describe(ownCollationChoice.name, () => {
  it('orders by the own collation a correlated index in a collation that orders as "C" does', () => {
    expect(ownCollationChoice([usable])).toBe(true);
    expect(ownCollationChoice([usable, { ...usable, name: 'entity', indexed: false, correlation: null }])).toBe(true);
    expect(ownCollationChoice([{ ...usable, correlation: -0.95 }])).toBe(true);
  });

  it('keeps COLLATE "C" and says why otherwise', () => {
    expect(ownCollationChoice([])).toBe('the first key field is not a string read as is');
    expect(ownCollationChoice([{ ...usable, tableColumn: false }])).toBe('k is not a column of a table');
    expect(ownCollationChoice([{ ...usable, textType: false }])).toBe('k is not text or varchar');
    expect(ownCollationChoice([{ ...usable, isC: true }])).toBe('k is in collation "C" already');
    expect(ownCollationChoice([{ ...usable, indexed: false }])).toBe('k has no index in its collation pg_catalog."default"');
    expect(ownCollationChoice([{ ...usable, correlation: 0.01 }])).toMatch(/^k's order is not the table's \(pg_stats correlation 0.01\)/);
    expect(ownCollationChoice([{ ...usable, correlation: null }])).toMatch(/correlation unknown/);
    expect(ownCollationChoice([{ ...usable, deterministic: false }])).toBe(`k's collation pg_catalog."default" is not deterministic`);
    expect(ownCollationChoice([usable, { ...usable, name: 'entity', ordersLikeC: false }])).toBe(
      `entity's collation pg_catalog."default" does not order strings as "C" does`,
    );
  });

  it('chooses the own collation exactly when every column is safe and the first is indexed and correlated', () => {
    fc.assert(
      fc.property(fc.array(facts, { minLength: 1, maxLength: 3 }), (columns) => {
        const safe = columns.every((c) => c.tableColumn && c.textType && c.collation !== null && c.deterministic && c.ordersLikeC);
        const first = columns[0]!;
        const served = !first.isC && first.indexed && Math.abs(first.correlation ?? 0) >= MIN_CORRELATION;
        expect(ownCollationChoice(columns) === true).toBe(safe && served);
      }),
    );
  });
});
