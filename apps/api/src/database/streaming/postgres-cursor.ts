import { Client, type QueryConfig } from 'pg';
import { BatchReader, type Row } from './batch-reader';

/** Date and time types keep PostgreSQL's text (the engine parses it exactly); everything else as pg reads it. */
export const TEXT_TYPES: ReadonlySet<number> = new Set([1082 /* date */, 1083 /* time */, 1114 /* timestamp */, 1184 /* timestamptz */, 1266 /* timetz */]);

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
  /** A snapshot exported by another transaction (pg_export_snapshot) to read the data as of. */
  snapshot?: string;
}

/** A client for reading datasets: dates as text, UTC session, short connect timeout. */
export function datasetClient(url: string, applicationName = 'closewatch-recon'): Client {
  const client = new Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 15_000 });
  for (const oid of TEXT_TYPES) client.setTypeParser(oid, 'text', (v: string) => v);
  client.on('error', () => undefined); // a dropped connection surfaces as the failed query instead
  return client;
}

/**
 * A query sent with the extended protocol (Parse, Bind, Execute), which runs exactly one
 * statement whatever its text holds: defence in depth for statements that carry a user's query
 * (pg sends a query without values through the simple protocol, which runs several). pg knows
 * `queryMode`; its types do not yet.
 */
export function oneStatement<T extends QueryConfig>(config: T): T {
  return { ...config, queryMode: 'extended' };
}

/**
 * Starts a repeatable-read, read-only transaction (any write in the statement fails) with the
 * statement timeout, UTC, standard_conforming_strings on and UTF8 for it; every later statement
 * on the client runs in it. The last two make the server read a statement's text as a checker
 * with those settings read it (where strings and comments end: recon's read-only-query.ts),
 * whatever the database's defaults; a checked SELECT cannot call set_config to undo them, and a
 * transaction cannot become read-write once it has run a query. With `snapshot` (an id from
 * pg_export_snapshot in a transaction still open), it sees the data as that one does, so several
 * connections read one state.
 */
export async function beginReadOnly(client: Client, statementTimeoutMs: number, snapshot?: string): Promise<void> {
  await client.query('begin');
  await client.query('set transaction isolation level repeatable read, read only');
  if (snapshot !== undefined) {
    if (!/^[0-9A-Fa-f-]+$/.test(snapshot)) throw new Error(`not a snapshot id: ${snapshot}`);
    await client.query(`set transaction snapshot '${snapshot}'`);
  }
  await client.query(
    `select set_config('statement_timeout', $1, true), set_config('TimeZone', 'UTC', true),
            set_config('standard_conforming_strings', 'on', true), set_config('client_encoding', 'UTF8', true)`,
    [String(statementTimeoutMs)],
  );
}

/**
 * Streams the rows of a query through a server-side cursor (DECLARE … NO SCROLL CURSOR, then
 * FETCH in batches) inside a read-only transaction with a statement timeout. Memory holds two
 * batches: the next FETCH is sent as soon as a batch arrives, so the database reads and sends
 * while the engine compares. Batches, the event loop's turns, early exits and aborts as
 * BatchReader says; aborting closes the connection at once, which also stops a running FETCH.
 */
export function cursorRows(q: CursorQuery): AsyncIterable<Row> {
  return { [Symbol.asyncIterator]: () => new CursorReader(q) as unknown as AsyncIterator<Row> };
}

class CursorReader extends BatchReader<Row> {
  private readonly client: Client;
  private readonly fetchSql: string;
  private pending: Promise<Row[]> | null = null;

  constructor(private readonly q: CursorQuery) {
    super(q.signal);
    this.client = datasetClient(q.url, q.applicationName);
    this.fetchSql = `fetch forward ${Math.max(1, Math.floor(q.fetchRows))} from closewatch_recon`;
  }

  protected async open(): Promise<void> {
    await this.client.connect();
    await beginReadOnly(this.client, this.q.statementTimeoutMs, this.q.snapshot);
    await this.client.query(oneStatement({ text: `declare closewatch_recon no scroll cursor for ${this.q.text}`, values: this.q.values }));
    this.pending = this.fetch();
  }

  protected async nextBatch(): Promise<Row[] | null> {
    if (!this.pending) return null;
    const rows = await this.pending;
    this.pending = rows.length < this.q.fetchRows ? null : this.fetch();
    return rows;
  }

  protected toRow(row: Row): Row {
    return row;
  }

  protected abort(): void {
    void this.client.end().catch(() => undefined);
  }

  private fetch(): Promise<Row[]> {
    const p = this.client.query<Row>(this.fetchSql).then((r) => r.rows);
    p.catch(() => undefined); // awaited later; never an unhandled rejection meanwhile
    return p;
  }

  protected async release(commit: boolean): Promise<void> {
    await this.pending?.catch(() => undefined);
    await this.client.query(commit ? 'commit' : 'rollback').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}
