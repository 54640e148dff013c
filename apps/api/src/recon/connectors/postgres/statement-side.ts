import { type SideInput } from '@closewatch/recon/recon-engine';
import { COPY_BATCH_ROWS, copyRows } from '../../../database/streaming/postgres-copy';
import { cursorRows } from '../../../database/streaming/postgres-cursor';

export interface StatementSideOptions {
  url: string;
  /** The statement with `$n` bind parameters, and their values. */
  statement: { text: string; values: string[]; sorted: boolean };
  /** The same statement with its parameters inlined as literals, or null when COPY cannot run it. */
  copyText: string | null;
  fetchRows: number;
  statementTimeoutMs: number;
  signal?: AbortSignal;
  applicationName: string;
  /** Read as of this exported snapshot (beginReadOnly). */
  snapshot?: string;
}

/**
 * A dataset statement as the engine's side input: read with `COPY (statement) TO STDOUT`
 * (postgres-copy.ts: several times cheaper than a cursor's FETCH), rows as arrays in column
 * order; through a read-only cursor (postgres-cursor.ts) with bind parameters when there is no
 * COPY text. Either way one read-only transaction, the same statement timeout (under COPY it
 * bounds the whole read, one statement; under a cursor each FETCH), the same row values.
 */
export function statementSide(o: StatementSideOptions): SideInput {
  const common = { url: o.url, statementTimeoutMs: o.statementTimeoutMs, signal: o.signal, applicationName: o.applicationName, snapshot: o.snapshot };
  const { text, values, sorted } = o.statement;
  if (o.copyText === null) return { sorted, rows: cursorRows({ ...common, text, values, fetchRows: o.fetchRows }) };
  const copy = copyRows({ ...common, text: o.copyText, batchRows: Math.min(o.fetchRows, COPY_BATCH_ROWS) });
  return { sorted, rows: copy.tuples, columns: copy.columns };
}
