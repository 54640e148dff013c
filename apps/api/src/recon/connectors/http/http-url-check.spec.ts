import { parseHttpAllowList } from '../../../config/http-allow-list';
import { httpUrlProblem } from './http-url-check';

describe(httpUrlProblem.name, () => {
  it('names a host that is a denied address in any spelling, or localhost', () => {
    for (const [url, reason] of [
      ['http://127.0.0.1:3000/x', /^127\.0\.0\.1 is a loopback address/],
      ['http://0x7f.1/x', /^127\.0\.0\.1 is a loopback address/],
      ['http://localhost:3000/x', /^localhost \(127\.0\.0\.1\) is a loopback address/],
      ['http://[::1]/x', /loopback/],
      ['http://[fd12::1]/x', /unique-local/],
      ['http://0.0.0.0/x', /unspecified/],
      ['http://[::]/x', /unspecified/],
      ['http://224.0.0.1/x', /multicast/],
      ['http://192.168.1.10/x', /private/],
      ['http://[::ffff:192.168.1.10]/x', /private/],
      ['http://[fe80::1]/x', /link-local/],
    ] as const) {
      expect(httpUrlProblem(url)).toMatch(reason);
    }
  });

  it('accepts public addresses, host names (checked at run time) and allowed addresses', () => {
    expect(httpUrlProblem('https://erp.example.com/invoices?period=:period')).toBeUndefined();
    expect(httpUrlProblem('https://8.8.8.8/x')).toBeUndefined();
    expect(httpUrlProblem('http://127.0.0.1:3000/x', parseHttpAllowList('127.0.0.0/8').policy)).toBeUndefined();
    expect(httpUrlProblem('http://localhost:3000/x', parseHttpAllowList('localhost').policy)).toBeUndefined();
    expect(httpUrlProblem('http://exa mple/x')).toBe('is not a valid URL');
  });
});
