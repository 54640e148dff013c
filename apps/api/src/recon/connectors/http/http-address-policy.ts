import ipaddr from 'ipaddr.js';
import { type HttpAddressPolicy } from '../../../config/http-allow-list';

export const DENY_ALL_SPECIAL: HttpAddressPolicy = { hosts: new Set(), ranges: [] };

/** The special-purpose range an address is in (`loopback`, `private`, `linkLocal`, …); undefined for public unicast. */
export function specialRange(address: string): string | undefined {
  const ip = ipaddr.process(address.replace(/^\[(.*)\]$/, '$1'));
  const range = ip.range();
  return range === 'unicast' ? undefined : range;
}

/** Whether `host` is an IP address literal (brackets allowed), as the WHATWG URL parser leaves it. */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host.replace(/^\[(.*)\]$/, '$1'));
}

/**
 * Why `address` (which `host` resolved to, or the host itself when it is a literal) is refused,
 * or undefined when it may be reached.
 */
export function refusal(policy: HttpAddressPolicy, host: string, address: string): string | undefined {
  const range = specialRange(address);
  if (range === undefined) return undefined;
  const name = host.toLowerCase().replace(/\.$/, '');
  if (policy.hosts.has(name)) return undefined;
  const ip = ipaddr.process(address.replace(/^\[(.*)\]$/, '$1'));
  if (policy.ranges.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))) return undefined;
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  const shown = !isIpLiteral(host) ? `${host} (${address})` : ip.toString() === bare ? bare : `${address} (${ip.toString()})`;
  return `${shown} is a ${RANGE_NAMES[range] ?? `${range} (special-purpose)`} address; http datasets may reach it only when CLOSEWATCH_HTTP_DATASET_ALLOW lists the host or a range holding the address`;
}

const RANGE_NAMES: Record<string, string> = {
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
  carrierGradeNat: 'carrier-grade NAT',
  reserved: 'reserved',
};
