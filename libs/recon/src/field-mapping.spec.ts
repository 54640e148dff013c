import { fromMinorUnits, rowMapper } from './field-mapping';

describe(rowMapper.name, () => {
  it('renames, trims, changes case and converts minor units without touching the raw row', () => {
    const map = rowMapper([
      { from: 'ID', to: 'id', trim: true, lower: true },
      { from: 'cents', to: 'amount', minorUnits: 2 },
      { from: 'yen', to: 'jpy', minorUnits: { currencyField: 'ccy' } },
      { from: 'note', nullIfEmpty: true },
    ]);
    const raw = { ID: '  INV-1 ', cents: 12345, yen: '500', ccy: 'jpy', note: '   ' };
    expect(map(raw)).toEqual({ ID: '  INV-1 ', id: 'inv-1', cents: 12345, amount: '123.45', yen: '500', jpy: '500', ccy: 'jpy', note: null });
    expect(raw.note).toBe('   ');
  });

  it('passes rows through unchanged without mappings', () => {
    const row = { a: 1 };
    expect(rowMapper(undefined)(row)).toBe(row);
  });
});

describe(fromMinorUnits.name, () => {
  it('shifts exactly, keeping the currency digits', () => {
    expect(fromMinorUnits(12300, 2)).toBe('123.00');
    expect(fromMinorUnits('-5', 2)).toBe('-0.05');
    expect(fromMinorUnits(123456789012345678901234567890n, 3)).toBe('123456789012345678901234567.890');
    expect(fromMinorUnits('12.5', 2)).toBe('0.125');
    expect(fromMinorUnits('n/a', 2)).toBe('n/a');
  });
});
