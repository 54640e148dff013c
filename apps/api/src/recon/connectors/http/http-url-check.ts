import { type HttpAddressPolicy } from '../../../config/http-allow-list';
import { DENY_ALL_SPECIAL, isIpLiteral, refusal } from './http-address-policy';

/**
 * What can be known about an http dataset's URL when the definition is saved: it parses as an
 * http(s) URL, and a host written as an address (in any form the URL parser accepts: decimal
 * `2130706433`, octal `0177.0.0.1`, `[::ffff:127.0.0.1]`) or named `localhost` is not one the
 * policy refuses. Names are resolved and checked again on every request of a run.
 */
export function httpUrlProblem(url: string, policy: HttpAddressPolicy = DENY_ALL_SPECIAL): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must be an http:// or https:// URL';
  const host = u.hostname.toLowerCase().replace(/\.$/, '');
  if (isIpLiteral(host)) return refusal(policy, host, host);
  if (host === 'localhost' || host.endsWith('.localhost')) return refusal(policy, host, '127.0.0.1');
  return undefined;
}
