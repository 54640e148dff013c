import { inlineParameters } from './inline-parameters';

describe(inlineParameters.name, () => {
  it('replaces each $n by its value as a quoted literal that cannot be left', () => {
    expect(inlineParameters('select * from t where a = $1 and b = $2 and c = $10', ['x', "O'Neil", '', '', '', '', '', '', '', 'ten'])).toBe(
      `select * from t where a = 'x' and b = 'O''Neil' and c = 'ten'`,
    );
    expect(inlineParameters('select $1', ['a\\b'])).toBe(`select  E'a\\\\b'`);
    expect(inlineParameters('select $1, $1', [null])).toBe('select NULL, NULL');
    expect(inlineParameters('select 1', [])).toBe('select 1');
  });

  it('answers null for a value with a NUL character, which a statement text cannot carry', () => {
    expect(inlineParameters('select $1', ['a\u0000b'])).toBeNull();
  });

  it('refuses a parameter without a value', () => {
    expect(() => inlineParameters('select $2', ['a'])).toThrow(/\$2/);
  });
});
