import { type Socket } from 'node:net';
import { type Client, types } from 'pg';
import { BatchReader } from './batch-reader';
import { splitCopyLine } from './copy-text';
import { beginReadOnly, datasetClient, oneStatement, TEXT_TYPES } from './postgres-cursor';

/**
 * Lines per batch a COPY hands to the engine (at most CLOSEWATCH_RECON_FETCH_ROWS). Small batches
 * are collected while still young in V8's heap; with 10,000 lines per batch they outlived the
 * young generation and the run spent about 14 % more CPU (1M × 1M rows, median of five).
 */
export const COPY_BATCH_ROWS = 1000;

export interface CopyQuery {
  url: string;
  /** The statement, with its parameters already inlined as literals (COPY takes no bind parameters). */
  text: string;
  /** Lines per batch handed from the socket to the engine; at most two batches wait. */
  batchRows: number;
  /** Bounds the whole COPY (one statement), not each batch as with a cursor's FETCH. */
  statementTimeoutMs: number;
  signal?: AbortSignal;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** Read as of this exported snapshot (beginReadOnly). */
  snapshot?: string;
}

/**
 * Streams the rows of a query with `COPY (query) TO STDOUT` (text format) inside a read-only
 * transaction with a statement timeout and UTC, and turns each line into the same values the
 * cursor path (postgres-cursor.ts) gives, as an array in column order (one array, reused row
 * after row: the engine reads each row at once; SideInput.columns): the columns and their types
 * come from the statement described first (`LIMIT 0`), and each value goes through the client's
 * type parser for its type, dates and times staying text. Why: pg's parsing of DataRow messages
 * is the largest cost of reading a dataset, while a COPY line is cut with indexOf and most values
 * need no parsing at all (text, numeric, uuid, dates as text); the server streams without a
 * round trip per batch.
 *
 * Memory is bounded: lines are gathered in batches of `batchRows`; when two batches wait, the
 * socket is paused until the engine takes one. Batches, early exits and aborts as BatchReader
 * says; leaving early or aborting closes the connection at once, which stops the COPY on the
 * server.
 */
export function copyRows(q: CopyQuery): { tuples: AsyncIterable<readonly unknown[]>; columns: () => readonly string[] } {
  let reader: CopyReader | null = null;
  return {
    tuples: { [Symbol.asyncIterator]: () => (reader = new CopyReader(q)) as unknown as AsyncIterator<readonly unknown[]> },
    columns: () => {
      if (!reader) throw new Error('the columns of a COPY are known once it has started');
      return reader.columns();
    },
  };
}

type Parser = ((text: string) => unknown) | null;

/** The types whose text is the value itself (the row keeps the string as pg would). */
const PLAIN_TEXT = types.getTypeParser(types.builtins.TEXT, 'text');

/**
 * The columns of a statement (described with `LIMIT 0`) and, for each, how the text of its value
 * in a COPY line becomes the value the cursor path gives: the client's type parser for its type
 * (datasetClient: dates and times stay text), none where the text is the value.
 */
export class CopyColumns {
  /** Indexes of the columns whose text goes through a type parser. */
  private readonly parsed: number[];

  private constructor(
    readonly names: string[],
    private readonly parsers: Parser[],
  ) {
    this.parsed = parsers.flatMap((p, i) => (p ? [i] : []));
  }

  static async describe(client: Client, text: string): Promise<CopyColumns> {
    const described = await client.query(oneStatement({ text: `select * from (${text}) as closewatch_d limit 0`, rowMode: 'array' }));
    const parsers = described.fields.map((f) => {
      if (TEXT_TYPES.has(f.dataTypeID)) return null;
      const parse = client.getTypeParser(f.dataTypeID, 'text') as (text: string) => unknown;
      return parse === PLAIN_TEXT ? null : parse;
    });
    return new CopyColumns(
      described.fields.map((f) => f.name),
      parsers,
    );
  }

  /** The values of a COPY line into `tuple` (in column order; only columns with a type parser are touched again). */
  fill(line: string, tuple: unknown[]): void {
    const n = splitCopyLine(line, tuple as (string | null)[]);
    if (n !== this.names.length) throw new Error(`COPY sent a line of ${n} fields for ${this.names.length} columns`);
    const parsed = this.parsed;
    for (let k = 0; k < parsed.length; k++) {
      const i = parsed[k]!;
      const text = tuple[i] as string | null;
      if (text !== null) tuple[i] = this.parsers[i]!(text);
    }
  }
}

/**
 * Sends `COPY (text) TO STDOUT` on a connected client (inside its transaction) and returns the
 * statement, whose lines come in batches of `batchRows` through `take()`. At most two batches
 * wait; then the socket is paused until one is taken, so a reader must take every batch or
 * `discard()` (or drop the connection) before the client can run anything else.
 */
export function startCopy(client: Client, text: string, batchRows: number): CopyOut<string[]> {
  const copy = new CopyOut(`copy (${text}) to stdout`, new LineBatches(Math.max(1, Math.floor(batchRows))), clientSocket(client));
  void client.query(copy);
  return copy;
}

/** The client's socket (pg keeps it on its connection). */
export function clientSocket(client: Client): Socket {
  return (client as unknown as { connection: { stream: Socket } }).connection.stream;
}

class CopyReader extends BatchReader<string, readonly unknown[]> {
  private readonly client: Client;
  private described: CopyColumns | null = null;
  private readonly tuple: unknown[] = [];
  private copy: CopyOut<string[]> | null = null;

  constructor(private readonly q: CopyQuery) {
    super(q.signal);
    this.client = datasetClient(q.url, q.applicationName);
  }

  protected async open(): Promise<void> {
    await this.client.connect();
    await beginReadOnly(this.client, this.q.statementTimeoutMs, this.q.snapshot);
    this.described = await CopyColumns.describe(this.client, this.q.text);
    this.copy = startCopy(this.client, this.q.text, this.q.batchRows);
  }

  protected nextBatch(): Promise<string[] | null> {
    return this.copy!.take();
  }

  columns(): readonly string[] {
    return this.described?.names ?? [];
  }

  protected toRow(line: string): readonly unknown[] {
    // The fields land in the tuple itself (one array, reused row after row).
    this.described!.fill(line, this.tuple);
    return this.tuple;
  }

  protected abort(): void {
    this.copy?.discard();
    void this.client.end().catch(() => undefined);
    this.socket()?.destroy();
  }

  protected async release(commit: boolean): Promise<void> {
    if (commit) {
      await this.client.query('commit').catch(() => undefined);
      await this.client.end().catch(() => undefined);
      return;
    }
    // Mid-COPY the server would send every remaining row before it read a rollback: drop the
    // connection instead (the transaction is read only; the server aborts it).
    this.copy?.discard();
    const ended = this.client.end().catch(() => undefined);
    this.socket()?.destroy();
    await ended;
  }

  private socket(): Socket | undefined {
    return clientSocket(this.client);
  }
}

/**
 * The COPY OUT statement as a pg "submittable": pg sends its text and hands it the protocol
 * messages of its response. One CopyData message is one line; lines are gathered into batches
 * for `take()`.
 *
 * CopyData messages are read off the socket here, not by pg's protocol parser (which builds a
 * message object, a Buffer view and an event per row, a large part of the cost of reading):
 * from the moment the statement is sent, the socket's data goes through `onData`, which cuts
 * the protocol messages itself, decodes each CopyData payload straight to its line and hands
 * every other complete message (CopyOutResponse, CommandComplete, notices) to pg's parser as it
 * is. At the first ErrorResponse or ReadyForQuery the socket goes back to pg with the rest of
 * the data, so pg ends the statement (and its errors) as usual.
 */
export class CopyOut<B> {
  private readonly ready: B[] = [];
  private finished = false;
  private failure: unknown = null;
  private waiter: (() => void) | null = null;
  private paused = false;
  private dropped = false;
  private pgListeners: ((data: Buffer) => void)[] = [];
  private leftover: Buffer | null = null;

  constructor(
    private readonly text: string,
    private readonly batches: CopyBatches<B>,
    private readonly stream: Socket,
  ) {}

  /** The next batch of lines, null at the end; rejects with the statement's error. */
  async take(): Promise<B | null> {
    for (;;) {
      if (this.ready.length) {
        const batch = this.ready.shift()!;
        if (this.paused && this.ready.length < 2) {
          this.paused = false;
          this.stream.resume();
        }
        return batch;
      }
      if (this.failure) throw this.failure;
      if (this.finished) return null;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** Whether the statement has ended (every line received, or failed). */
  get done(): boolean {
    return this.finished;
  }

  /** Stops keeping lines: the rest are read off the socket and dropped (or the reader is closing the connection). */
  discard(): void {
    this.dropped = true;
    this.ready.length = 0;
    this.batches.clear();
    if (this.paused) this.stream.resume();
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
    this.pgListeners = this.stream.listeners('data') as ((data: Buffer) => void)[];
    this.stream.removeAllListeners('data');
    this.stream.on('data', this.onData);
  }

  private readonly onData = (data: Buffer): void => {
    const buf = this.leftover ? Buffer.concat([this.leftover, data]) : data;
    this.leftover = null;
    const end = buf.length;
    let forward: Buffer[] | null = null;
    let at = 0;
    while (at + 5 <= end) {
      const code = buf[at];
      const next = at + 1 + buf.readUInt32BE(at + 1);
      if (next > end) break;
      if (code === 0x64 /* d: CopyData */) {
        if (!this.dropped) {
          const full = this.batches.add(buf, at + 5, next);
          if (full) this.push(full);
        }
      } else if (code === 0x45 /* E: ErrorResponse */ || code === 0x5a /* Z: ReadyForQuery */) {
        if (forward) this.toPg(Buffer.concat(forward));
        this.stream.removeListener('data', this.onData);
        for (const listener of this.pgListeners) this.stream.on('data', listener);
        this.toPg(buf.subarray(at));
        return;
      } else (forward ??= []).push(buf.subarray(at, next));
      at = next;
    }
    if (forward) this.toPg(Buffer.concat(forward));
    if (at < end) this.leftover = Buffer.from(buf.subarray(at));
  };

  private toPg(data: Buffer): void {
    for (const listener of this.pgListeners) listener(data);
  }

  private push(batch: B): void {
    this.ready.push(batch);
    this.wake();
    if (this.ready.length >= 2 && !this.paused) {
      this.paused = true;
      this.stream.pause();
    }
  }

  handleReadyForQuery(): void {
    const rest = this.batches.rest();
    if (rest) this.ready.push(rest);
    this.finished = true;
    this.wake();
  }

  handleError(err: unknown): void {
    this.failure ??= err;
    this.finished = true;
    this.wake();
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('not a COPY FROM');
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
}

/** How a CopyOut gathers the payloads of CopyData messages (one row each) into batches. */
export interface CopyBatches<B> {
  /** Takes the payload `buf[start, end)`; returns a batch once one is full. */
  add(buf: Buffer, start: number, end: number): B | null;
  /** The partial batch at the end, if any. */
  rest(): B | null;
  /** Drops the partial batch. */
  clear(): void;
}

/** Text-format COPY: each payload decoded to its line (without the line feed), `size` lines a batch. */
class LineBatches implements CopyBatches<string[]> {
  private filling: string[] = [];

  constructor(private readonly size: number) {}

  add(buf: Buffer, start: number, end: number): string[] | null {
    this.filling.push(buf.toString('utf8', start, buf[end - 1] === 10 ? end - 1 : end));
    if (this.filling.length < this.size) return null;
    const full = this.filling;
    this.filling = [];
    return full;
  }

  rest(): string[] | null {
    const rest = this.filling.length ? this.filling : null;
    this.filling = [];
    return rest;
  }

  clear(): void {
    this.filling = [];
  }
}
