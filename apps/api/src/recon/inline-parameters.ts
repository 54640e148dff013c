import { escapeLiteral } from 'pg';

/**
 * A statement's `$n` bind parameters replaced by quoted literals, for COPY, which takes no bind
 * parameters. Each value goes through pg's escapeLiteral, so it can never leave its literal; an
 * untyped literal takes its type from the context as a parameter does (`h.period = '2026-11'`,
 * `'12.5'::numeric`); null becomes NULL. Every `$` followed by digits in the text is taken for a
 * parameter: the caller answers for the text holding no other (its own SQL, or a user's query
 * checked for `$` and a digit). Null when a value holds a NUL character: a statement's text ends
 * at the first NUL in the protocol, so such a value can only be sent as a bind parameter.
 */
export function inlineParameters(text: string, values: readonly (string | null)[]): string | null {
  if (values.some((v) => v !== null && v.includes('\0'))) return null;
  return text.replace(/\$(\d+)/g, (whole, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= values.length) throw new Error(`the statement names ${whole}, but only ${values.length} values are given`);
    const v = values[i]!;
    return v === null ? 'NULL' : escapeLiteral(v);
  });
}
