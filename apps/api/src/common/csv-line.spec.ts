import { csvCell, csvLine } from './csv';

describe(csvCell.name, () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses formulas but leaves numbers as they are', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell(3)).toBe('3');
  });

  it('writes null and undefined as empty cells', () => {
    expect(csvLine([null, undefined, true])).toBe(',,true\r\n');
  });
});
