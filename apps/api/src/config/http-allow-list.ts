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
