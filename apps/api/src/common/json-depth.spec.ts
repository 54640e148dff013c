import { jsonNestingExceeds } from './json-depth';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe(jsonNestingExceeds.name, () => {
  it('counts arrays and objects together', () => {
    expect(jsonNestingExceeds(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(jsonNestingExceeds(bytes('{"a":[{"b":[[1]]}]}'), 4)).toBe(true);
  });

  it('measures depth, not the number of brackets', () => {
    expect(jsonNestingExceeds(bytes(`[${'[],'.repeat(1000)}[]]`), 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingExceeds(bytes(JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[\\" \\\\', c: '\\' })), 2)).toBe(false);
    expect(jsonNestingExceeds(bytes(`{"a\\\\":[[[1]]]}`), 3)).toBe(true);
  });

  it('leaves malformed text to the parser', () => {
    expect(jsonNestingExceeds(bytes('{"unterminated: [[[[[['), 2)).toBe(false);
  });

  it('finds a deep document within the default limit of 64 levels', () => {
    expect(jsonNestingExceeds(bytes('['.repeat(64) + ']'.repeat(64)))).toBe(false);
    expect(jsonNestingExceeds(bytes('['.repeat(65) + ']'.repeat(65)))).toBe(true);
    expect(jsonNestingExceeds(bytes('['.repeat(100_000)))).toBe(true);
  });
});
