/** What a secret in a URL is replaced with in API answers. */
export const URL_SECRET_MASK = '********';

/**
 * Query parameter names that carry secrets: token, access_token, api_key, apikey, key, secret,
 * client_secret, password, sig, signature, X-Amz-Signature, X-Amz-Credential, auth, session, ….
 */
const SECRET_PARAM = /(token|secret|passw(or)?d|pwd|signature|credential|api[-_.]?key|auth|session|(^|[-_.])(key|sig|code)$)/i;

interface UrlParts {
  /** Everything up to the authority (`https://`). */
  scheme: string;
  user: string;
  /** undefined: no password; the empty string is a password too. */
  password: string | undefined;
  /** Host, port, path. */
  rest: string;
  /** Query without `?`, or undefined. */
  query: string | undefined;
  /** Fragment with `#`, or ''. */
  fragment: string;
}

/**
 * The URL split as written (the text is not normalised, so masking and restoring give back
 * exactly what was stored).
 */
function split(url: string): UrlParts | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url);
  if (!m) return undefined;
  const authority = m[2]!;
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
  const colon = userinfo?.indexOf(':') ?? -1;
  return {
    scheme: m[1]!,
    user: userinfo === undefined ? '' : colon >= 0 ? userinfo.slice(0, colon + 1) : `${userinfo}`,
    password: userinfo !== undefined && colon >= 0 ? userinfo.slice(colon + 1) : undefined,
    rest: (at >= 0 ? authority.slice(at + 1) : authority) + m[3]!,
    query: m[4]?.slice(1),
    fragment: m[5] ?? '',
  };
}

function join(p: UrlParts): string {
  const userinfo = p.password !== undefined ? `${p.user}${p.password}@` : p.user ? `${p.user}@` : '';
  return `${p.scheme}${userinfo}${p.rest}${p.query !== undefined ? `?${p.query}` : ''}${p.fragment}`;
}

function isSecretName(raw: string): boolean {
  let name = raw;
  try {
    name = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: judge the name as written.
  }
  return SECRET_PARAM.test(name);
}

/** Query pairs as written: [name, value or undefined when there is no `=`]. */
function pairs(query: string): [string, string | undefined][] {
  return query.split('&').map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? [p, undefined] : [p.slice(0, eq), p.slice(eq + 1)];
  });
}

/** The URL with its password and the values of secret-looking query parameters masked. */
export function maskUrlSecrets(url: string): string {
  const p = split(url);
  if (!p) return url;
  if (p.password !== undefined && p.password !== '') p.password = URL_SECRET_MASK;
  if (p.query !== undefined) {
    p.query = pairs(p.query)
      .map(([name, value]) =>
        value !== undefined && value !== '' && isSecretName(name) ? `${name}=${URL_SECRET_MASK}` : value === undefined ? name : `${name}=${value}`,
      )
      .join('&');
  }
  return join(p);
}

export type RestoredUrl = { ok: true; url: string } | { ok: false; message: string };

/**
 * A URL sent back by a client after it read the masked one: every masked value is taken again
 * from the stored URL (the password; a query parameter by name and occurrence), so saving an
 * unchanged definition keeps its secrets. A masked value is restored only while scheme, host
 * and port stay the same, so a secret cannot be moved to another server without knowing it.
 */
export function restoreUrlSecrets(sent: string, stored: string | undefined): RestoredUrl {
  if (!sent.includes(URL_SECRET_MASK)) return { ok: true, url: sent };
  if (stored === undefined) return { ok: false, message: `contains the mask ${URL_SECRET_MASK} where no secret is stored; send the value itself` };
  if (sent === maskUrlSecrets(stored)) return { ok: true, url: stored };
  const s = split(sent);
  const old = split(stored);
  if (!s || !old) return { ok: false, message: `contains the mask ${URL_SECRET_MASK} but is not a URL; send the secret itself` };
  if (s.scheme.toLowerCase() !== old.scheme.toLowerCase() || hostPort(s.rest) !== hostPort(old.rest)) {
    return { ok: false, message: `keeps a masked secret (${URL_SECRET_MASK}) but points at another server; send the secret itself` };
  }
  if (s.password === URL_SECRET_MASK) {
    if (old.password === undefined) return { ok: false, message: `has a masked password, and the stored URL has none; send the password itself` };
    s.password = old.password;
  }
  if (s.query !== undefined) {
    const storedPairs = pairs(old.query ?? '');
    const seen = new Map<string, number>();
    const out: string[] = [];
    for (const [name, value] of pairs(s.query)) {
      const n = seen.get(name) ?? 0;
      seen.set(name, n + 1);
      if (value !== URL_SECRET_MASK) {
        out.push(value === undefined ? name : `${name}=${value}`);
        continue;
      }
      const original = storedPairs.filter(([k]) => k === name)[n]?.[1];
      if (original === undefined) return { ok: false, message: `has a masked value for ${name}, and the stored URL has none; send the value itself` };
      out.push(`${name}=${original}`);
    }
    s.query = out.join('&');
  }
  return { ok: true, url: join(s) };
}

function hostPort(rest: string): string {
  return (/^[^/]*/.exec(rest)?.[0] ?? '').toLowerCase();
}
