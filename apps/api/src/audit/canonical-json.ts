/**
 * Canonical JSON as the audit chain hashes it: object keys sorted by code unit, no whitespace,
 * `undefined` members dropped (as JSON.stringify does), strings and numbers as JSON.stringify
 * writes them. The same value always gives the same text, whatever order its keys were built in.
 * Written with loops and string appends rather than map/filter/join: verify runs it for every
 * entry of the chain, and the intermediate arrays were most of its cost (docs/benchmarks.md).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return canonicalScalar(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ',') + (item === undefined ? 'null' : canonicalJson(item));
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    out += (first ? '' : ',') + jsonString(key) + ':' + canonicalJson(member);
    first = false;
  }
  return `${out}}`;
}

/** What JSON.stringify escapes in a string: a quote, a backslash, a control character, a surrogate (a lone one is escaped). */
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify of a string, without its cost for the common string that needs no escape. */
const jsonString = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

function canonicalScalar(value: unknown): string {
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonical JSON has no text for a non-finite number');
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol')
    throw new TypeError(`canonical JSON has no text for a ${typeof value}`);
  return JSON.stringify(value) ?? 'null';
}
