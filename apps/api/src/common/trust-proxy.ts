import ipaddr from 'ipaddr.js';

/** The value of Express's `trust proxy` setting: trust all, a number of hops, or addresses and subnets. */
export type TrustProxy = boolean | number | string[];

/** Names Express (proxy-addr) accepts for its predefined subnets. */
const NAMED_SUBNETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Parses CLOSEWATCH_TRUST_PROXY: `true`/`false`, a hop count, or a comma-separated list of
 * addresses, CIDR subnets and the names `loopback`, `linklocal`, `uniquelocal`. Throws with a
 * message naming the first bad entry.
 */
export function parseTrustProxy(text: string): TrustProxy {
  const value = text.trim().toLowerCase();
  if (['true', 'on', 'yes'].includes(value)) return true;
  if (['false', 'off', 'no'].includes(value)) return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 100) throw new Error('must be at most 100 hops');
    return hops;
  }
  const entries = value.split(',').map((e) => e.trim());
  const bad = entries.find((e) => !NAMED_SUBNETS.has(e) && !ipaddr.isValid(e) && !ipaddr.isValidCIDR(e));
  if (bad !== undefined) {
    throw new Error(`"${bad}" is not true, false, a hop count, an address, a CIDR subnet, loopback, linklocal or uniquelocal`);
  }
  return entries;
}
