import { loadConfig } from '../config/config';
import { accountSubject, addressSubject } from './login-throttle';

describe('login throttle subjects', () => {
  it('counts the email as typed, trimmed and in lower case', () => {
    expect(accountSubject('  Boss@Example.COM ')).toBe('boss@example.com');
  });

  it('counts an IPv4 address, also when it arrives IPv4-mapped', () => {
    expect(addressSubject('203.0.113.9')).toBe('203.0.113.9');
    expect(addressSubject('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts an IPv6 address by its /64, so one host cannot rotate past the limit', () => {
    expect(addressSubject('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressSubject('2001:db8:1:2:bbbb::9')).toBe('2001:db8:1:2::/64');
    expect(addressSubject('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });

  it('keeps an unparsable address as it is, and names a missing one', () => {
    expect(addressSubject('not-an-ip')).toBe('not-an-ip');
    expect(addressSubject(undefined)).toBe('unknown');
  });
});

describe('login throttle settings', () => {
  it('has defaults and trusts only loopback proxies unless told', () => {
    const config = loadConfig({});
    expect(config.login).toEqual({ accountMaxFailures: 5, addressMaxFailures: 30, windowSeconds: 900, lockoutSeconds: 900 });
    expect(config.trustProxy).toEqual(['loopback']);
  });

  it('names a bad value', () => {
    expect(() => loadConfig({ CLOSEWATCH_LOGIN_ACCOUNT_MAX_FAILURES: '0' })).toThrow(/CLOSEWATCH_LOGIN_ACCOUNT_MAX_FAILURES/);
    expect(() => loadConfig({ CLOSEWATCH_TRUST_PROXY: 'everyone' })).toThrow(/CLOSEWATCH_TRUST_PROXY: "everyone"/);
  });
});
