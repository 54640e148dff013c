import { type Client } from 'pg';
import { BatchReader, type Row } from './batch-reader';
import { type CopyColumns, type CopyOut, startCopy } from './postgres-copy';

export interface LeafCopy {
  /** The connection, inside the transaction the rows must be read in. */
  client: () => Promise<Client>;
  /** The statement, parameters inlined as literals. */
  text: string;
  /** Its columns (described once by the caller and shared by every statement of that shape). */
  columns: (client: Client) => Promise<CopyColumns>;
  batchRows: number;
  signal?: AbortSignal;
  /** Told of each COPY as it starts (whoever closes the connection must know whether one is running). */
  started: (copy: CopyOut<string[]>) => void;
}

/**
 * The rows of a `COPY (statement) TO STDOUT` run on a connection someone else owns (a bisect
 * side's, in its snapshot), as row objects: rows of a batch in hand without a promise, batches
 * as BatchReader says. The connection is left open and in its transaction: at the end, or when
 * the reader leaves early or is aborted, the rest of the COPY is read off the socket and dropped
 * (CopyOut.discard), so the next statement on the connection runs once it has ended.
 */
export class LeafCopyReader extends BatchReader<string, Row> {
  private copy: CopyOut<string[]> | null = null;
  private columns: CopyColumns | null = null;
  private readonly tuple: unknown[] = [];

  constructor(private readonly q: LeafCopy) {
    super(q.signal);
  }

  protected async open(): Promise<void> {
    const client = await this.q.client();
    this.columns = await this.q.columns(client);
    this.copy = startCopy(client, this.q.text, this.q.batchRows);
    this.q.started(this.copy);
  }

  protected nextBatch(): Promise<string[] | null> {
    return this.copy!.take();
  }

  protected toRow(line: string): Row {
    const columns = this.columns!;
    columns.fill(line, this.tuple);
    const row: Row = {};
    const names = columns.names;
    for (let i = 0; i < names.length; i++) row[names[i]!] = this.tuple[i];
    return row;
  }

  protected abort(): void {
    this.copy?.discard();
  }

  protected release(): Promise<void> {
    this.copy?.discard();
    return Promise.resolve();
  }
}
