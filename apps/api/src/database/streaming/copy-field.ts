/** Characters a text field of COPY's text format must escape (splitCopyLine in copy-text.ts reads them back). */
const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * A value as one field of a `COPY … FROM STDIN` line (text format): `\N` for null or undefined,
 * numbers and booleans as printed, anything else as its string with backslash, tab, newline and
 * carriage return escaped. A field without one of those, the common case, is used as it is.
 */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  const s = typeof value === 'string' ? value : String(value);
  return SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}
