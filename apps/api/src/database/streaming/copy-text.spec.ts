import { splitCopyLine, unescapeCopyField } from './copy-text';

describe(splitCopyLine.name, () => {
  const split = (line: string) => {
    const out: (string | null)[] = [];
    const n = splitCopyLine(line, out);
    return out.slice(0, n);
  };

  it('cuts a plain line at the tabs, empty fields included', () => {
    expect(split('INV-1\tDE01\t85.19\t\tapproved')).toEqual(['INV-1', 'DE01', '85.19', '', 'approved']);
    expect(split('')).toEqual(['']);
    expect(split('one')).toEqual(['one']);
  });

  it('reads \\N as NULL and resolves escaped tabs, newlines and backslashes', () => {
    expect(split('a\\tb\t\\N\tline\\none\\\\two\t\\\\N')).toEqual(['a\tb', null, 'line\none\\two', '\\N']);
    expect(split('\\N')).toEqual([null]);
  });

  it('reuses the output array: a shorter line answers its own count', () => {
    const out: (string | null)[] = [];
    expect(splitCopyLine('a\tb\tc', out)).toBe(3);
    expect(splitCopyLine('x', out)).toBe(1);
    expect(out[0]).toBe('x');
  });
});

describe(unescapeCopyField.name, () => {
  it('resolves the one-letter escapes', () => {
    expect(unescapeCopyField('\\b\\f\\n\\r\\t\\v\\\\')).toBe('\b\f\n\r\t\v\\');
  });

  it('decodes octal and hex escapes as UTF-8 bytes', () => {
    expect(unescapeCopyField('caf\\303\\251')).toBe('café');
    expect(unescapeCopyField('\\x41\\x42c')).toBe('ABc');
  });

  it('keeps an unknown escape as the character and a trailing backslash as it is', () => {
    expect(unescapeCopyField('a\\qb')).toBe('aqb');
    expect(unescapeCopyField('end\\')).toBe('end\\');
  });
});
