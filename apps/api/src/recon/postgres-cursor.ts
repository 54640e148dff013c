import { Client } from 'pg';
import { type Row } from '@closewatch/recon/field-mapping';

/** Date and time types keep PostgreSQL's text (the engine parses it exactly); everything else as pg reads it. */
const TEXT_TYPES = new Set([1082 /* date */, 1083 /* time */, 1114 /* timestamp */, 1184 /* timestamptz */, 1266 /* timetz */]);

export interface CursorQuery {
  url: string;
  /** The statement the cursor is declared for, with $n parameters. */
  text: string;
  values: unknown[];
  fetchRows: number;
  statementTimeoutMs: number;
  signal?: AbortSignal;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

/** A client for reading datasets: dates as text, UTC session, short connect timeout. */
export function datasetClient(url: string, applicationName = 'closewatch-recon'): Client {
  const client = new Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 15_000 });
  for (const oid of TEXT_TYPES) client.setTypeParser(oid, 'text', (v: string) => v);
  client.on('error', () => undefined); // a dropped connection surfaces as the failed query instead
  return client;
}

/**
 * Starts a read-only transaction (`SET TRANSACTION READ ONLY`, so any write in the user's query
 * fails), sets the statement timeout and UTC for it, and answers the client ready for queries.
 * Every statement after this one runs in that transaction.
 */
export async function beginReadOnly(client: Client, statementTimeoutMs: number): Promise<void> {
  await client.query('begin');
  await client.query('set transaction isolation level repeatable read, read only');
  await client.query(`select set_config('statement_timeout', $1, true), set_config('TimeZone', 'UTC', true)`, [String(statementTimeoutMs)]);
}

/**
 * Streams the rows of a query through a server-side cursor (DECLARE … NO SCROLL CURSOR, then
 * FETCH in batches) inside a read-only transaction with a statement timeout. Memory holds one
 * batch. Leaving early (the engine's return() on error or cancellation) rolls back and closes
 * the connection; aborting the signal closes it at once, which also stops a running FETCH.
 */
export async function* cursorRows(q: CursorQuery): AsyncGenerator<Row> {
  q.signal?.throwIfAborted();
  const client = datasetClient(q.url, q.applicationName);
  const onAbort = () => void client.end().catch(() => undefined);
  q.signal?.addEventListener('abort', onAbort, { once: true });
  let ended = false;
  try {
    await client.connect();
    await beginReadOnly(client, q.statementTimeoutMs);
    await client.query(`declare closewatch_recon no scroll cursor for ${q.text}`, q.values);
    const fetch = `fetch forward ${Math.max(1, Math.floor(q.fetchRows))} from closewatch_recon`;
    for (;;) {
      q.signal?.throwIfAborted();
      const batch = await client.query<Row>(fetch);
      for (const row of batch.rows) yield row;
      if (batch.rows.length < q.fetchRows) break;
    }
    await client.query('commit');
    ended = true;
  } catch (err) {
    q.signal?.throwIfAborted();
    throw err;
  } finally {
    q.signal?.removeEventListener('abort', onAbort);
    if (!ended) await client.query('rollback').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
