import { loadModule, parseSync, scanSync, type ScanToken } from 'libpg-query';
import { type CheckedQuery, joinPieces } from './checked-query';
import { QueryParameterError } from '../query-params';

/** Why a query is not one read-only statement; the message completes "the query …". */
export class ReadOnlyQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadOnlyQueryError';
  }
}

let loading: Promise<void> | null = null;

/** Loads the parser's WebAssembly module once per thread (about 20 ms). */
export function loadQueryParser(): Promise<void> {
  return (loading ??= loadModule());
}

/** checkQuerySync, the parser loaded first. */
export async function checkQuery(sql: string): Promise<CheckedQuery> {
  await loadQueryParser();
  return checkQuerySync(sql);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const COMMENTS = new Set(['SQL_COMMENT', 'C_COMMENT']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Checks that `sql` is exactly one read-only statement and locates its `:name` parameters with
 * PostgreSQL's scanner (a `:` token directly followed by a name token; `::` is a token of its
 * own, and strings, quoted identifiers, dollar quotes and comments are whole tokens, as the
 * server reads them with standard_conforming_strings on, which beginReadOnly sets). The text
 * with those parameters as `$n` is then parsed, and its tree must hold no way to change the
 * transaction it runs in (forbiddenIn). Throws ReadOnlyQueryError, or QueryParameterError for
 * a positional parameter. Needs loadQueryParser() first.
 */
export function checkQuerySync(sql: string): CheckedQuery {
  // The parser and the server both read a statement's text up to its first NUL.
  if (sql.includes('\0')) throw new ReadOnlyQueryError('holds a NUL character');
  if (LONE_SURROGATE.test(sql)) throw new ReadOnlyQueryError('is not valid UTF-8 text');
  const bytes = Buffer.from(sql, 'utf8');
  const tokens = scan(sql).filter((t) => !COMMENTS.has(t.tokenName));
  const text = (from: number, to: number) => bytes.toString('utf8', from, to);
  if (tokens.some((t) => t.tokenName === 'PARAM')) {
    throw new QueryParameterError('uses a positional parameter ($1); name scope parameters instead, e.g. :period');
  }
  // The statement without comments or semicolons around it: a trailing one would end the subquery it is wrapped in.
  const body = tokens.filter((t) => text(t.start, t.end) !== ';');
  if (!body.length) throw new ReadOnlyQueryError('holds no statement');
  const end = body[body.length - 1]!.end;
  const pieces: string[] = [];
  const slots: string[] = [];
  let at = body[0]!.start;
  for (let i = 0; i < body.length - 1; i++) {
    const colon = body[i]!;
    const name = body[i + 1]!;
    const nameText = text(name.start, name.end);
    if (text(colon.start, colon.end) !== ':' || name.start !== colon.end || !NAME.test(nameText)) continue;
    pieces.push(text(at, colon.start));
    slots.push(nameText);
    at = name.end;
    i++;
  }
  pieces.push(text(at, end));
  const checked = { pieces, slots };
  const names = [...new Set(slots)];
  const parsed = parse(joinPieces(checked, (slot) => ` $${names.indexOf(slot) + 1} `));
  if (parsed.stmts.length !== 1) {
    throw new ReadOnlyQueryError(
      `must be exactly one statement, not ${parsed.stmts.length}: a query may not end its read-only transaction or run another statement`,
    );
  }
  const stmt = parsed.stmts[0]!.stmt as Record<string, unknown>;
  const kind = Object.keys(stmt)[0]!;
  if (kind !== 'SelectStmt') throw new ReadOnlyQueryError(`must be a SELECT, not ${statementName(kind)}`);
  const problem = forbiddenIn(stmt);
  if (problem) throw new ReadOnlyQueryError(problem);
  if (countParams(stmt) !== slots.length) throw new ReadOnlyQueryError('has a scope parameter the parser does not read as one');
  return checked;
}

function scan(sql: string): ScanToken[] {
  try {
    return scanSync(sql).tokens;
  } catch {
    // The scanner reports its errors badly (an unterminated string); the parser says what is wrong.
    parse(sql);
    throw new ReadOnlyQueryError('is not valid SQL');
  }
}

function parse(sql: string): { stmts: { stmt: unknown }[] } {
  try {
    return parseSync(sql) as { stmts: { stmt: unknown }[] };
  } catch (err) {
    throw new ReadOnlyQueryError(`is not valid SQL: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Functions a query may not call (by name, any schema), with the reason. Each changes the
 * session or transaction the query runs in, acts outside it (its effect survives the rollback,
 * or another connection commits it), or runs SQL text this check never sees. A function the
 * source's own schema defines is the role's to restrict (what it may execute), not this list's.
 */
const DENIED: readonly [RegExp, string][] = [
  [/^set_config$/, "changes the session's or transaction's settings (statement_timeout, read-only mode)"],
  [/^dblink/, 'opens another connection, whose writes commit on their own'],
  [
    /^(query_to_xml|query_to_xmlschema|query_to_xml_and_xmlschema|cursor_to_xml|cursor_to_xmlschema|ts_stat|ts_rewrite)$/,
    'runs SQL text that this check cannot read',
  ],
  // Transaction-level advisory locks (pg_advisory_xact_lock*) end with the read and stay allowed.
  [/^pg_(try_)?advisory_(lock|lock_shared|unlock|unlock_shared|unlock_all)$/, 'takes or releases a session-level advisory lock, which outlives the read'],
  [/^(nextval|setval)$/, 'changes a sequence, which no rollback undoes'],
  [/^pg_notify$/, 'notifies other sessions'],
  [/^(lo_|lowrite$|loread$)/, 'reads or writes large objects and server files'],
  [/^(pg_read_|pg_ls_|pg_stat_file$|pg_file_)/, "reads or writes the server's files"],
  [
    /^(pg_cancel_backend|pg_terminate_backend|pg_signal_backend|pg_reload_conf|pg_rotate_logfile|pg_promote|pg_log_backend_memory_contexts)$/,
    'signals the server or its sessions',
  ],
  [
    /^(pg_switch_wal|pg_create_restore_point|pg_backup_|pg_start_backup|pg_stop_backup|pg_wal_replay_|pg_logical_|pg_replication_|pg_create_.*replication_slot|pg_drop_replication_slot|pg_copy_.*_replication_slot)/,
    'writes WAL or changes replication state outside the transaction',
  ],
  [/^pg_stat_.*reset/, "resets the server's statistics"],
  [/^pg_background_/, 'runs SQL in a background worker, which commits on its own'],
  [/^(brin_summarize_new_values|brin_summarize_range|brin_desummarize_range|gin_clean_pending_list)$/, 'maintains an index, which writes'],
  [/^pg_import_system_collations$/, 'writes the catalog'],
];

const NAMES: Record<string, string> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  TransactionStmt: 'transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT)',
  VariableSetStmt: 'SET',
  CreateTableAsStmt: 'CREATE TABLE AS',
  ExplainStmt: 'EXPLAIN',
  CopyStmt: 'COPY',
  CallStmt: 'CALL',
  DoStmt: 'DO',
};

function statementName(kind: string): string {
  return NAMES[kind] ?? `a ${kind.replace(/Stmt$/, '')} statement`;
}

/**
 * The first thing in a parse tree that could change the transaction the query runs in or write:
 * a statement other than SELECT anywhere (a data-modifying WITH), SELECT INTO, a locking clause
 * (FOR UPDATE/SHARE), a denied function (DENIED); null when there is none.
 */
function forbiddenIn(node: unknown): string | null {
  if (Array.isArray(node)) {
    for (const n of node) {
      const p = forbiddenIn(n);
      if (p) return p;
    }
    return null;
  }
  if (typeof node !== 'object' || node === null) return null;
  for (const [key, value] of Object.entries(node)) {
    if (key.endsWith('Stmt') && key !== 'SelectStmt') return `may not modify data or run ${statementName(key)} (found inside the SELECT, e.g. in WITH)`;
    if (key === 'SelectStmt') {
      const s = value as { intoClause?: unknown; lockingClause?: unknown };
      if (s.intoClause) return 'may not use SELECT INTO: it creates a table';
      if (s.lockingClause) return 'may not lock rows (FOR UPDATE, FOR SHARE): a reconciliation only reads';
    }
    if (key === 'FuncCall') {
      const parts = (value as { funcname?: { String?: { sval?: string } }[] }).funcname ?? [];
      const name = (parts[parts.length - 1]?.String?.sval ?? '').toLowerCase();
      const denied = DENIED.find(([pattern]) => pattern.test(name));
      if (denied) return `may not call ${name}(): it ${denied[1]}`;
    }
    const p = forbiddenIn(value);
    if (p) return p;
  }
  return null;
}

function countParams(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + countParams(x), 0);
  if (typeof node !== 'object' || node === null) return 0;
  let n = 0;
  for (const [key, value] of Object.entries(node)) n += key === 'ParamRef' ? 1 : countParams(value);
  return n;
}
