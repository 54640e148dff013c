import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe(canonicalJson.name, () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text whatever order the keys were built in', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('drops undefined members, writes undefined array items as null, keeps null', () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined] })).toBe('{"b":null,"c":[null]}');
  });

  it('escapes strings as JSON does and writes dates as ISO strings', () => {
    expect(canonicalJson({ 'k"': 'line\nbreak é' })).toBe('{"k\\"":"line\\nbreak é"}');
    expect(canonicalJson(new Date('2026-01-02T03:04:05.006Z'))).toBe('"2026-01-02T03:04:05.006Z"');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/non-finite/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
  });
});

describe('canonicalJson of strings', () => {
  it('writes every string exactly as JSON.stringify does', () => {
    for (const s of ['plain', 'quote"', 'back\\slash', 'tab\t', '\u0000\u001f', 'é€😀', '\ud800 lone', 'lone \udfff', '\u007f\u2028']) {
      expect(canonicalJson(s)).toBe(JSON.stringify(s));
      expect(canonicalJson({ [s]: s })).toBe(`{${JSON.stringify(s)}:${JSON.stringify(s)}}`);
    }
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => expect(canonicalJson(s)).toBe(JSON.stringify(s))));
  });
});
