import { Dec } from './decimal';
import { type KeyType } from './definition';
import { keyPart, numberParts, numberText } from './key-encoding';

function enc(type: KeyType, value: unknown): string {
  const part = keyPart(type, value);
  if (!part) throw new Error(`not a ${type}: ${String(value)}`);
  return part.encoded;
}

function sortBy<T>(values: T[], key: (v: T) => string): T[] {
  return [...values].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function randomText(random: () => number): string {
  const pool = [
    'a',
    'B',
    'z',
    ' ',
    '-',
    '_',
    '\u0000',
    'é',
    'ß',
    '\u00ff',
    '\u0100',
    '中',
    '\ud7ff',
    '\ue000',
    '\uf8ff',
    '\ufffd',
    '\uffff',
    '😀',
    '𝄞',
    '\u{10ffff}',
  ];
  let s = '';
  const n = Math.floor(random() * 5);
  for (let i = 0; i < n; i++) s += pool[Math.floor(random() * pool.length)];
  return s;
}

function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe(keyPart.name, () => {
  it('orders strings by UTF-8 bytes (PostgreSQL COLLATE "C"), where plain JS order differs', () => {
    const random = seeded(7);
    const values = Array.from({ length: 2000 }, () => randomText(random));
    const byBytes = [...values].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
    expect(sortBy(values, (v) => enc('string', v))).toEqual(byBytes);
    // JS compares UTF-16 code units: U+FFFD sorts after the surrogates of U+1F600, bytes say otherwise.
    expect('\ufffd' < '😀').toBe(false);
    expect(enc('string', '\ufffd') < enc('string', '😀')).toBe(true);
  });

  it('keeps a shorter string before its extensions, also with NUL characters', () => {
    const ordered = ['', 'a', 'a\u0000', 'a\u0000\u0000', 'a\u0000b', 'a\u0001', 'ab'];
    expect(sortBy([...ordered].reverse(), (v) => enc('string', v))).toEqual(ordered);
  });

  it('compares composite keys part by part', () => {
    const key = (...parts: [KeyType, unknown][]) => parts.map(([t, v]) => enc(t, v)).join('');
    expect(key(['string', 'a'], ['string', 'z']) < key(['string', 'ab'], ['string', 'a'])).toBe(true);
    expect(key(['string', 'a'], ['number', 10]) > key(['string', 'a'], ['number', 9])).toBe(true);
    expect(key(['number', 1], ['string', 'b']) < key(['number', '1.5'], ['string', 'a'])).toBe(true);
    expect(key(['date', '2026-11-01'], ['uuid', 'A'])).toBe(key(['date', new Date('2026-11-01T00:00:00Z')], ['uuid', 'a']));
  });

  it('orders numbers numerically, exactly, whatever their form', () => {
    const values = [
      '-1e3',
      '-100.5',
      '-100',
      '-99.99',
      '-1',
      '-0.001',
      '0',
      '1e-7',
      '0.001',
      '0.0011',
      '1',
      '9',
      '10',
      '10.5',
      '99',
      '100',
      '12345678901234567890.123456789',
      '12345678901234567890.12345679',
      '1e25',
      '-12345678901234567890',
    ];
    const random = seeded(3);
    const shuffled = sortBy(values, () => String(random()));
    const expected = [...values].sort((a, b) => new Dec(a).cmp(new Dec(b)));
    expect(sortBy(shuffled, (v) => enc('number', v))).toEqual(expected);
  });

  it('gives equal numbers one encoding and one canonical value', () => {
    const same = ['12.5', '012.50', 12.5, '+12.5000', '1.25e1'];
    expect(new Set(same.map((v) => enc('number', v))).size).toBe(1);
    expect(keyPart('number', '012.50')?.canonical).toBe('12.5');
    expect(keyPart('number', '-0')?.canonical).toBe('0');
    expect(keyPart('number', 10n)?.canonical).toBe('10');
    expect(keyPart('number', 1e21)?.canonical).toBe('1000000000000000000000');
    expect(keyPart('number', '0.000120')?.canonical).toBe('0.00012');
    expect(enc('number', '0')).toBe(enc('number', '-0.000'));
  });

  it('orders dates by instant, to the microsecond, with a canonical ISO value', () => {
    expect(keyPart('date', '2026-11-01')?.canonical).toBe('2026-11-01T00:00:00.000Z');
    expect(keyPart('date', '2026-11-01 02:00:00+02')?.canonical).toBe('2026-11-01T00:00:00.000Z');
    expect(keyPart('date', '2026-11-01T00:00:00.000001Z')?.canonical).toBe('2026-11-01T00:00:00.000001Z');
    const ordered = ['1969-12-31T23:59:59.999Z', '2026-10-31T23:00:00-00:30', '2026-11-01T00:59:59.999999Z', '2026-11-01T01:00:00Z', '2026-11-02'];
    expect(sortBy([...ordered].reverse(), (v) => enc('date', v))).toEqual(ordered);
  });

  it('lower-cases uuids', () => {
    expect(keyPart('uuid', ' 6F1C2B9E-8D3A-4C5E-9F00-AA11BB22CC33')?.canonical).toBe('6f1c2b9e-8d3a-4c5e-9f00-aa11bb22cc33');
  });

  it.each(['string', 'number', 'date', 'uuid'] as const)('sorts null after every %s value, equal to another null', (type) => {
    const sample = { string: '\u{10ffff}\u{10ffff}', number: '1e300', date: '9999-12-31T23:59:59Z', uuid: 'ffffffff-ffff-ffff-ffff-ffffffffffff' }[type];
    expect(enc(type, null) > enc(type, sample)).toBe(true);
    expect(enc(type, undefined)).toBe(enc(type, null));
    expect(keyPart(type, null)?.canonical).toBeNull();
  });

  it('refuses values that do not fit the type', () => {
    expect(keyPart('number', 'abc')).toBeUndefined();
    expect(keyPart('number', Number.NaN)).toBeUndefined();
    expect(keyPart('number', '1e9999999')).toBeUndefined();
    expect(keyPart('date', '2026-02-30')).toBeUndefined();
    expect(keyPart('date', 'yesterday')).toBeUndefined();
    expect(keyPart('string', { a: 1 })).toBeUndefined();
  });
});

describe(numberText.name, () => {
  it('prints canonical decimal text', () => {
    const text = (v: string) => numberText(numberParts(v) as NonNullable<ReturnType<typeof numberParts>>);
    expect(['100', '100.10', '0.05', '-7.000', '1e3', '-1.5e-3'].map(text)).toEqual(['100', '100.1', '0.05', '-7', '1000', '-0.0015']);
  });
});
