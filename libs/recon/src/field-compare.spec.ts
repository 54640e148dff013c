import { compileRecon, type PlanCompare } from './compile';
import { type CompareSpec } from './definition';
import { compareField } from './field-compare';

function spec(compare: CompareSpec): PlanCompare {
  return compileRecon({ key: ['id'], compare: [compare] }).compares[0];
}

describe(compareField.name, () => {
  it('abs: equal at the boundary, different just beyond, in both directions', () => {
    const s = spec({ field: 'x', tolerance: { abs: '0.01' } });
    expect(compareField(s, '10.00', '10.01')).toEqual({ equal: true, difference: '0.01' });
    expect(compareField(s, '10.00', '9.99')).toEqual({ equal: true, difference: '-0.01' });
    expect(compareField(s, '10.00', '10.0100000001').equal).toBe(false);
    expect(compareField(s, '10.00', '9.9899999999').equal).toBe(false);
  });

  it('rel: relative to the source value, so a zero source only equals zero', () => {
    const s = spec({ field: 'x', tolerance: { rel: '0.001' } });
    expect(compareField(s, '2000', '2002').equal).toBe(true);
    expect(compareField(s, '-2000', '-2002').equal).toBe(true);
    expect(compareField(s, '2000', '2002.000001').equal).toBe(false);
    expect(compareField(s, '0', '0.0000001').equal).toBe(false);
  });

  it('abs and rel together: within either passes', () => {
    const s = spec({ field: 'x', tolerance: { abs: '0.5', rel: '0.01' } });
    expect(compareField(s, '10', '10.5').equal).toBe(true); // abs
    expect(compareField(s, '1000', '1010').equal).toBe(true); // rel
    expect(compareField(s, '10', '10.51').equal).toBe(false);
  });

  it('numbers without tolerance: exact decimals, never binary floats', () => {
    const s = spec({ field: 'x', type: 'number' });
    expect(compareField(s, '0.3', 0.3).equal).toBe(true);
    expect(compareField(s, '100.10', '100.1').equal).toBe(true);
    expect(compareField(s, '0.30000000000000004', 0.3).equal).toBe(false);
    expect(compareField(s, '12345678901234567890.01', '12345678901234567890.02')).toEqual({ equal: false, difference: '0.01' });
  });

  it('days: equal at the window, different one millisecond beyond; dates without time are midnight UTC', () => {
    const s = spec({ field: 'd', tolerance: { days: 3 } });
    expect(compareField(s, '2026-11-01', '2026-11-04').equal).toBe(true);
    expect(compareField(s, '2026-11-04', '2026-11-01').equal).toBe(true);
    expect(compareField(s, '2026-11-01', '2026-11-05').equal).toBe(false);
    expect(compareField(s, '2026-11-01T00:00:00Z', '2026-11-04T00:00:00.001Z').equal).toBe(false);
    expect(compareField(spec({ field: 'd', tolerance: { days: 0.5 } }), '2026-11-01', '2026-11-01T12:00:00Z').equal).toBe(true);
  });

  it('dates without a window: the same instant in any notation', () => {
    const s = spec({ field: 'd', type: 'date' });
    expect(compareField(s, '2026-11-01T10:00:00+02:00', '2026-11-01T08:00:00.000Z').equal).toBe(true);
    expect(compareField(s, '2026-11-01T10:00:00Z', '2026-11-01T10:00:00.000001Z').equal).toBe(false);
  });

  it('text: exact unless told to ignore case or whitespace', () => {
    expect(compareField(spec('name'), 'Acme', 'ACME').equal).toBe(false);
    expect(compareField(spec({ field: 'name', tolerance: { ignoreCase: true } }), 'Straße', 'STRASSE').equal).toBe(true);
    expect(compareField(spec({ field: 'name', tolerance: { ignoreCase: true } }), 'Acme ', 'ACME').equal).toBe(false);
    expect(compareField(spec({ field: 'name', tolerance: { ignoreWhitespace: true } }), ' Acme\t Corp\n', 'Acme Corp').equal).toBe(true);
    expect(compareField(spec({ field: 'name', tolerance: { ignoreWhitespace: true } }), 'AcmeCorp', 'Acme Corp').equal).toBe(false);
  });

  it('nulls equal only nulls', () => {
    const s = spec({ field: 'x', tolerance: { abs: '1' } });
    expect(compareField(s, null, null).equal).toBe(true);
    expect(compareField(s, null, '0').equal).toBe(false);
    expect(compareField(spec('memo'), '', null).equal).toBe(false);
  });

  it('auto: numbers as decimals, ISO dates as instants, the rest as text', () => {
    const s = spec('v');
    expect(compareField(s, 5, '5.00').equal).toBe(true);
    expect(compareField(s, '2026-11-01', '2026-11-01T00:00:00.000Z').equal).toBe(true);
    expect(compareField(s, true, 'true').equal).toBe(true);
    expect(compareField(s, 'abc', 'abd').equal).toBe(false);
  });

  it('values that do not parse as their type equal only the same raw text', () => {
    const s = spec({ field: 'x', tolerance: { abs: '1' } });
    expect(compareField(s, 'n/a', 'n/a').equal).toBe(true);
    expect(compareField(s, 'n/a', '1').equal).toBe(false);
  });

  it('uuids ignore case', () => {
    expect(compareField(spec({ field: 'u', type: 'uuid' }), 'ABCDEF00-0000-0000-0000-000000000000', 'abcdef00-0000-0000-0000-000000000000').equal).toBe(true);
  });
});
