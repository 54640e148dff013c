import { compileRecon } from './compile';
import { type ReconDefinition } from './definition';
import { ReconDefinitionError } from './errors';

function issues(definition: unknown) {
  try {
    compileRecon(definition as ReconDefinition);
  } catch (e) {
    if (e instanceof ReconDefinitionError) return e.issues;
    throw e;
  }
  throw new Error('compiled');
}

describe(compileRecon.name, () => {
  it('accepts the documented definition as posted to the API, ignoring what the engine does not use', () => {
    const plan = compileRecon({
      id: 'coupa-oracle-invoices',
      flow: 'coupa-to-oracle-invoices',
      source: { connector: 'postgres', connection: 'coupa', query: 'select 1' },
      key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'],
      compare: [
        { source: 'amount', target: 'amt', tolerance: { abs: '0.01' } },
        { source: 'currency', target: 'cur' },
        { source: 'inv_date', target: 'gl_date', tolerance: { days: 3 } },
      ],
      totals: { amount: { source: 'amount', target: 'amt' }, groupBy: [{ source: 'currency', target: 'cur' }, 'entity'] },
      scope: { period: '2026-11' },
    } as ReconDefinition);
    expect(plan.keys).toEqual([
      { source: 'inv_no', target: 'doc_ref', type: 'string' },
      { source: 'entity', target: 'entity', type: 'string' },
    ]);
    expect(plan.compares.map((c) => [c.source, c.type, c.amount, c.abs?.toString() ?? null, c.windowMicros])).toEqual([
      ['amount', 'number', true, '0.01', null],
      ['currency', 'auto', false, null, null],
      ['inv_date', 'date', false, null, 3 * 86_400_000_000],
    ]);
    expect(plan.fields).toEqual([
      { source: 'amount', target: 'amt', decimal: true },
      { source: 'currency', target: 'cur', decimal: false },
      { source: 'inv_date', target: 'gl_date', decimal: false },
      { source: 'entity', target: 'entity', decimal: false },
    ]);
    expect(plan.totals).toEqual({ amountSlot: 0, groupSlots: [1, 3], groupNames: ['currency', 'entity'] });
  });

  it('infers compare types from tolerances and flags', () => {
    const plan = compileRecon({
      key: [{ field: 'id', type: 'number' }],
      compare: [
        { field: 'qty', tolerance: { rel: '0.1' } },
        { field: 'fee', amount: true },
        { field: 'name', tolerance: { ignoreCase: true } },
        { field: { source: 'ext', target: 'external_id' }, type: 'uuid' },
        'memo',
      ],
    });
    expect(plan.compares.map((c) => [c.source, c.target, c.type, c.amount])).toEqual([
      ['qty', 'qty', 'number', false],
      ['fee', 'fee', 'number', true],
      ['name', 'name', 'string', false],
      ['ext', 'external_id', 'uuid', false],
      ['memo', 'memo', 'auto', false],
    ]);
    expect(plan.keys[0].type).toBe('number');
  });

  it('names every wrong field with its path', () => {
    expect(
      issues({
        key: ['id', { source: 'x' }, { field: 'y', type: 'integer' }, 'id'],
        compare: [
          { field: 'a', tolerance: { abs: '-1' } },
          { field: 'b', tolerance: { rel: 'ten' } },
          { field: 'c', tolerance: { days: -2 } },
          { field: 'd', type: 'date', tolerance: { abs: '1' } },
          { field: 'e', type: 'number', tolerance: { ignoreCase: true } },
          { field: 'f', type: 'money' },
        ],
        totals: { groupBy: 'currency' },
        mappings: { source: [{ from: '' }, { from: 'p', minorUnits: 40 }, { from: 'q', upper: true, lower: true }], target: 'x' },
      }),
    ).toEqual([
      { field: 'key[1].target', message: 'must name the target field' },
      { field: 'key[2].type', message: 'must be one of string, number, date, uuid' },
      { field: 'key[3]', message: 'key field "id" is named twice' },
      { field: 'totals.amount', message: 'must be a field name or {"source", "target"}' },
      { field: 'compare[0].tolerance.abs', message: 'must be a decimal string, 0 or more (e.g. "0.01")' },
      { field: 'compare[1].tolerance.rel', message: 'must be a decimal string, 0 or more (e.g. "0.01")' },
      { field: 'compare[2].tolerance.days', message: 'must be a number of days, 0 or more' },
      { field: 'compare[3].tolerance', message: 'abs and rel apply to numbers, not to a date field' },
      { field: 'compare[4].tolerance', message: 'ignoreCase and ignoreWhitespace apply to text, not to a number field' },
      { field: 'compare[5].type', message: 'must be one of auto, string, number, amount, date, uuid' },
      { field: 'mappings.source[0].from', message: 'must name a field' },
      { field: 'mappings.source[1].minorUnits', message: 'must be a number of digits (0 to 18) or {"currencyField": "<field>"}' },
      { field: 'mappings.source[2].upper', message: 'upper and lower exclude each other' },
      { field: 'mappings.target', message: 'must be an array of mappings' },
    ]);
  });

  it('requires a key and an object', () => {
    expect(issues({ key: [] })).toEqual([{ field: 'key', message: 'must name at least one key field' }]);
    expect(issues({})).toEqual([{ field: 'key', message: 'must name at least one key field' }]);
    expect(issues(null)).toEqual([{ field: '', message: 'must be an object' }]);
  });
});
