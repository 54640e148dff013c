import { holdsNul, sqlLiteral } from './inline-parameters';

describe(sqlLiteral.name, () => {
  it('quotes a value as a literal that cannot be left, whatever standard_conforming_strings is', () => {
    expect(sqlLiteral("O'Neil")).toBe(` 'O''Neil' `);
    expect(sqlLiteral('a\\b')).toBe(`  E'a\\\\b' `);
    expect(sqlLiteral(null)).toBe(' NULL ');
  });
});

describe(holdsNul.name, () => {
  it('tells values a statement text cannot carry', () => {
    expect(holdsNul(['a', null])).toBe(false);
    expect(holdsNul(['a\u0000b'])).toBe(true);
  });
});
