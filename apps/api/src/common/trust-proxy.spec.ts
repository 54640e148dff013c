import { parseTrustProxy } from './trust-proxy';

describe(parseTrustProxy.name, () => {
  it('reads on and off', () => {
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('off')).toBe(false);
  });

  it('reads a hop count', () => {
    expect(parseTrustProxy('2')).toBe(2);
    expect(() => parseTrustProxy('1000')).toThrow(/at most 100/);
  });

  it('reads addresses, subnets and named subnets', () => {
    expect(parseTrustProxy('loopback, 10.0.0.0/8,fd00::/8, 192.0.2.7')).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.7']);
  });

  it('names the entry it cannot read', () => {
    expect(() => parseTrustProxy('loopback,proxy.internal')).toThrow(/"proxy.internal"/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/"10.0.0.0\/33"/);
  });
});
