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
 * FETCH in batches) inside a read-only transaction with a statement timeout. Memory holds two
 * batches: the next FETCH is sent as soon as a batch arrives, so the database reads and sends
 * while the engine compares. Rows of a batch in hand are answered without a promise (the
 * engine's KeyedCursor takes either; `for await` too); between batches the event loop gets a
 * turn, so a long run never starves the API's requests. Leaving early (the engine's return() on
 * error or cancellation) rolls back and closes the connection; aborting the signal closes it at
 * once, which also stops a running FETCH.
 */
export function cursorRows(q: CursorQuery): AsyncIterable<Row> {
  return { [Symbol.asyncIterator]: () => new CursorReader(q) as unknown as AsyncIterator<Row> };
}

class CursorReader {
  private readonly client: Client;
  private readonly fetchSql: string;
  private batch: Row[] = [];
  private index = 0;
  private started = false;
  private closed = false;
  private last = false;
  private pending: Promise<Row[]> | null = null;
  private readonly onAbort = () => void this.client.end().catch(() => undefined);

  constructor(private readonly q: CursorQuery) {
    this.client = datasetClient(q.url, q.applicationName);
    this.fetchSql = `fetch forward ${Math.max(1, Math.floor(q.fetchRows))} from closewatch_recon`;
  }

  next(): IteratorResult<Row> | Promise<IteratorResult<Row>> {
    if (this.index < this.batch.length) return { value: this.batch[this.index++]!, done: false };
    return this.refill();
  }

  async return(): Promise<IteratorResult<Row>> {
    await this.close(false);
    return { value: undefined, done: true };
  }

  private async refill(): Promise<IteratorResult<Row>> {
    try {
      if (!this.started) await this.start();
      for (;;) {
        if (this.closed) return { value: undefined, done: true };
        if (!this.pending) {
          await this.close(true);
          return { value: undefined, done: true };
        }
        const rows = await this.pending;
        // Let the event loop in once per batch: a run must not starve the API's requests (or a cancel).
        await new Promise((resolve) => setImmediate(resolve));
        this.q.signal?.throwIfAborted();
        this.last = rows.length < this.q.fetchRows;
        this.pending = this.last ? null : this.fetch();
        if (rows.length) {
          this.batch = rows;
          this.index = 1;
          return { value: rows[0]!, done: false };
        }
      }
    } catch (err) {
      await this.close(false);
      this.q.signal?.throwIfAborted();
      throw err;
    }
  }

  private async start(): Promise<void> {
    this.started = true;
    this.q.signal?.throwIfAborted();
    this.q.signal?.addEventListener('abort', this.onAbort, { once: true });
    await this.client.connect();
    await beginReadOnly(this.client, this.q.statementTimeoutMs);
    await this.client.query(`declare closewatch_recon no scroll cursor for ${this.q.text}`, this.q.values);
    this.pending = this.fetch();
  }

  private fetch(): Promise<Row[]> {
    const p = this.client.query<Row>(this.fetchSql).then((r) => r.rows);
    p.catch(() => undefined); // awaited later; never an unhandled rejection meanwhile
    return p;
  }

  private async close(commit: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batch = [];
    this.q.signal?.removeEventListener('abort', this.onAbort);
    if (this.started) {
      await this.pending?.catch(() => undefined);
      await this.client.query(commit ? 'commit' : 'rollback').catch(() => undefined);
      await this.client.end().catch(() => undefined);
    }
  }
}
