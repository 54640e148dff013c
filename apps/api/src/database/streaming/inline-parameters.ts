import { escapeLiteral } from 'pg';

/**
 * A value as an SQL literal, for COPY, which takes no bind parameters: pg's escapeLiteral, so
 * `'…'` with quotes doubled, or ` E'…'` with quotes and backslashes doubled when the value holds
 * a backslash (both read the same whatever standard_conforming_strings is); a space either side,
 * so no prefix (E, U&, B) or neighbouring token can join it; null becomes NULL. An untyped literal
 * takes its type from the context as a parameter does (`h.period = '2026-11'`, `'12.5'::numeric`).
 * Statements are built with the literal in the place of the parameter (a `param` callback), never
 * by searching their text for `$n`: a quoted identifier (a key field named `a$1`) could hold one.
 */
export function sqlLiteral(value: string | null): string {
  return value === null ? ' NULL ' : ` ${escapeLiteral(value)} `;
}

/** Whether a value cannot be inlined: a statement's text ends at the first NUL in the protocol, so it can only be bound. */
export function holdsNul(values: readonly (string | null)[]): boolean {
  return values.some((v) => v !== null && v.includes('\0'));
}
