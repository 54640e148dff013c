import ipaddr from 'ipaddr.js';

/**
 * Which addresses http datasets may reach. Every address outside the public unicast space is
 * denied (loopback, private, link-local with cloud metadata at 169.254.169.254, carrier-grade
 * NAT, unique-local, unspecified, multicast, broadcast, reserved, and IPv6 forms that embed an
 * IPv4 address: mapped, NAT64, 6to4, Teredo), unless CLOSEWATCH_HTTP_DATASET_ALLOW lists the
 * host name or a range holding the address.
 */
export interface HttpAddressPolicy {
  /** Host names (lower case, no trailing dot) whose addresses are all allowed. */
  hosts: ReadonlySet<string>;
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export const DENY_ALL_SPECIAL: HttpAddressPolicy = { hosts: new Set(), ranges: [] };

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** CLOSEWATCH_HTTP_DATASET_ALLOW: host names, addresses and CIDR ranges, separated by commas or spaces. */
export function parseHttpAllowList(text: string | undefined): { policy: HttpAddressPolicy; problems: string[] } {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  const problems: string[] = [];
  for (const entry of (text ?? '').split(/[\s,]+/).filter(Boolean)) {
    const bare = entry.replace(/^\[(.*)\](\/\d+)?$/, '$1$2');
    if (ipaddr.isValidCIDR(bare)) ranges.push(normalRange(ipaddr.parseCIDR(bare)));
    else if (ipaddr.isValid(bare)) {
      const ip = ipaddr.process(bare);
      ranges.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST_NAME.test(entry.toLowerCase().replace(/\.$/, ''))) hosts.add(entry.toLowerCase().replace(/\.$/, ''));
    else problems.push(`CLOSEWATCH_HTTP_DATASET_ALLOW: "${entry}" is not a host name, an IP address or a CIDR range`);
  }
  return { policy: { hosts, ranges }, problems };
}

/** An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) as the IPv4 range it maps, as addresses are compared as IPv4. */
function normalRange([ip, bits]: [ipaddr.IPv4 | ipaddr.IPv6, number]): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) return [(ip as ipaddr.IPv6).toIPv4Address(), bits - 96];
  return [ip, bits];
}

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
