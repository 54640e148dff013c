import ipaddr from 'ipaddr.js';

/** Limits on failed logins (CLOSEWATCH_LOGIN_*), shared by every replica through PostgreSQL. */
export interface LoginThrottleSettings {
  /** Failed attempts one account (the email as typed) may make within the window. */
  accountMaxFailures: number;
  /** Failed attempts one client address may make within the window, across accounts. */
  addressMaxFailures: number;
  /** The window the failures are counted in, from the first one, in seconds. */
  windowSeconds: number;
  /** How long an account or address is refused once it went over its limit, in seconds. */
  lockoutSeconds: number;
}

/**
 * The account a login attempt is counted against: the email as typed, trimmed and in lower case
 * like the user lookup, whether or not such a user exists, so a throttled answer does not tell
 * which accounts exist.
 */
export function accountSubject(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The client address a login attempt is counted against. An IPv4-mapped IPv6 address counts as
 * its IPv4 address, and an IPv6 address as its /64 network: one host usually holds a whole /64,
 * so counting single IPv6 addresses would let it rotate past the limit.
 */
export function addressSubject(ip: string | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return ip || 'unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const prefix = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...prefix, 0, 0, 0, 0]).toString()}/64`;
}
