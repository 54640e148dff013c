import { compileRecon } from '@closewatch/recon/compile';
import { type ReconDefinition } from '@closewatch/recon/definition';
import { fromDecimalComma, numericRawFields } from './numeric-fields';

describe(numericRawFields.name, () => {
  it('names the raw fields that carry numbers on each side, before mappings rename them', () => {
    const plan = compileRecon({
      key: [{ field: 'line', type: 'number' }, 'doc'],
      compare: [{ source: 'amount', target: 'total', tolerance: { abs: '0.01' } }, 'currency'],
      totals: { amount: { source: 'amount', target: 'total' } },
      mappings: { target: [{ from: 'total_cents', to: 'total', minorUnits: 2 }] },
    } as ReconDefinition);
    expect([...numericRawFields(plan, 'source')].sort()).toEqual(['amount', 'line']);
    expect([...numericRawFields(plan, 'target')].sort()).toEqual(['line', 'total_cents']);
  });
});

describe(fromDecimalComma.name, () => {
  it('reads numbers written with a decimal comma and grouped thousands', () => {
    expect(fromDecimalComma('1.234,50')).toBe('1234.50');
    expect(fromDecimalComma('1 234 567,5')).toBe('1234567.5');
    expect(fromDecimalComma('-12,5')).toBe('-12.5');
    expect(fromDecimalComma('99')).toBe('99');
    expect(fromDecimalComma('12.5')).toBe('12.5');
    expect(fromDecimalComma('n/a')).toBe('n/a');
    expect(fromDecimalComma('1,2,3')).toBe('1,2,3');
  });
});
