import { type FinanceFields } from './finance-attributes';
import { type Attributes } from './otlp-span';
import { STORED_FINANCE_ATTRIBUTES, splitStoredFinanceAttributes } from './stored-finance-attributes';

const fields: FinanceFields = {
  flowId: 'f',
  recordKey: 'K-1',
  recordType: null,
  stage: 'posted',
  system: 'netsuite',
  amount: '10.50',
  currency: 'USD',
  entity: 'DE01',
  period: null,
  dataStatus: null,
  mappingVersion: null,
  batchId: null,
  errorClass: null,
};
const bit = (key: string) => 1 << STORED_FINANCE_ATTRIBUTES.findIndex((a) => a.key === key);
const attrs = (o: Record<string, Attributes[string]>) => Object.assign(Object.create(null) as Attributes, o);

describe(splitStoredFinanceAttributes.name, () => {
  it('leaves out the attributes a column holds exactly, with their bits, and keeps the rest', () => {
    const out = splitStoredFinanceAttributes(
      attrs({ 'finance.flow': 'f', 'finance.record.key': 'K-1', 'finance.amount': '10.50', 'http.method': 'POST' }),
      fields,
    );
    expect({ ...out.attributes }).toEqual({ 'http.method': 'POST' });
    expect(out.stored).toBe(bit('finance.flow') | bit('finance.record.key') | bit('finance.amount'));
  });

  it('keeps values the column would not give back as sent: numbers, padded text, non-canonical decimals', () => {
    for (const [key, value, f] of [
      ['finance.amount', 10.5, { ...fields, amount: '10.5' }],
      ['finance.entity', ' DE01', fields],
      ['finance.amount', '010.50', { ...fields, amount: '010.50' }],
      ['finance.amount', '-0.00', { ...fields, amount: '-0.00' }],
    ] as const) {
      const attributes = attrs({ [key]: value });
      expect(splitStoredFinanceAttributes(attributes, f)).toEqual({ attributes, stored: 0 });
    }
  });

  it('stores a negative amount once', () => {
    expect(splitStoredFinanceAttributes(attrs({ 'finance.amount': '-0.25' }), { ...fields, amount: '-0.25' }).stored).toBe(bit('finance.amount'));
  });

  it('has one bit per key, within a smallint', () => {
    expect(new Set(STORED_FINANCE_ATTRIBUTES.map((a) => a.key)).size).toBe(STORED_FINANCE_ATTRIBUTES.length);
    expect(STORED_FINANCE_ATTRIBUTES.length).toBeLessThanOrEqual(15);
  });
});
