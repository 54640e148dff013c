import { randomBytes } from 'node:crypto';
import { isUsableMicros, microsFromNanosHalves, microsFromNanosNumber, microsFromNanosText, microsToIso } from './otlp-time';

describe('OTLP times', () => {
  it('converts uint64 nanoseconds from their 32-bit halves exactly', () => {
    for (let i = 0; i < 1000; i++) {
      const high = randomBytes(4).readUInt32BE() % 0x20000000; // up to ~year 2255
      const low = randomBytes(4).readUInt32BE();
      const nanos = (BigInt(high) << 32n) | BigInt(low);
      expect(microsFromNanosHalves(high, low)).toBe(Number(nanos / 1000n));
    }
  });

  it('converts decimal nanosecond text and numbers', () => {
    expect(microsFromNanosText('1763632800123456789')).toBe(1763632800123456);
    expect(microsFromNanosText('999')).toBe(0);
    expect(microsFromNanosText('12a')).toBeNaN();
    expect(microsFromNanosNumber(1_500_000)).toBe(1500);
    expect(microsFromNanosNumber(-1)).toBeNaN();
  });

  it('accepts set times up to 2^53 microseconds only', () => {
    expect(isUsableMicros(0)).toBe(false);
    expect(isUsableMicros(1763632800123456)).toBe(true);
    expect(isUsableMicros(Number.MAX_SAFE_INTEGER + 1)).toBe(false);
    expect(isUsableMicros(microsFromNanosText('99999999999999999999'))).toBe(false);
  });

  it('formats microseconds as ISO-8601', () => {
    expect(microsToIso(1763632800123456)).toBe('2025-11-20T10:00:00.123456Z');
  });
});
