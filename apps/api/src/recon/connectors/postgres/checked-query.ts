import { holdsNul, sqlLiteral } from '../../../database/streaming/inline-parameters';
import { QueryParameterError } from '../query-params';

/**
 * A reconciliation query checked by PostgreSQL's own scanner and grammar (read-only-query.ts):
 * exactly one read-only SELECT, its `:name` scope parameters located by the scanner. Plain data,
 * so a run checks the query once and hands the result to worker threads, which bind it with the
 * functions here and never load the parser (this file does not import it).
 */
export interface CheckedQuery {
  /** The statement's text around its parameters: pieces[0] :slots[0] pieces[1] … (one piece more than slots). */
  pieces: string[];
  /** The scope name at each parameter, in order of appearance. */
  slots: string[];
}

/** The query with its scope parameters as bind parameters ($1, $2 in order of first use). */
export interface BoundQuery {
  text: string;
  values: string[];
  /** Parameter names in order of first use. */
  names: string[];
}

/**
 * Binds the scope parameters: the text as checked, `:name` as `$n` (with a space either side,
 * so it stays a token of its own). Throws QueryParameterError naming a parameter the scope lacks.
 */
export function bindScope(q: CheckedQuery, scope: Readonly<Record<string, string>>): BoundQuery {
  const names: string[] = [];
  for (const slot of q.slots) {
    if (!Object.prototype.hasOwnProperty.call(scope, slot)) throw new QueryParameterError(`uses :${slot}, which the scope does not define`);
    if (!names.includes(slot)) names.push(slot);
  }
  return { text: joinPieces(q, (slot) => ` $${names.indexOf(slot) + 1} `), values: names.map((n) => scope[n]!), names };
}

/**
 * The query with its scope values inlined as literals (sqlLiteral), for COPY, which takes no bind
 * parameters: each literal stands exactly where the scanner found the parameter. Null when a
 * value holds a NUL character (the caller binds it instead); throws as bindScope for a missing name.
 */
export function inlineScope(q: CheckedQuery, scope: Readonly<Record<string, string>>): string | null {
  const { values, names } = bindScope(q, scope);
  if (holdsNul(values)) return null;
  return joinPieces(q, (slot) => sqlLiteral(values[names.indexOf(slot)]!));
}

/** Names of the scope parameters the query uses, in order of first use. */
export function parameterNames(q: CheckedQuery): string[] {
  return [...new Set(q.slots)];
}

/** The pieces of a checked query joined, each parameter as `param` writes it. */
export function joinPieces(q: CheckedQuery, param: (slot: string) => string): string {
  let out = q.pieces[0]!;
  for (let i = 0; i < q.slots.length; i++) out += param(q.slots[i]!) + q.pieces[i + 1]!;
  return out;
}
