import { type Socket } from 'node:net';

/** The part of pg's connection a COPY FROM STDIN writes to. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: Socket;
}

/**
 * `COPY … FROM STDIN` as a pg "submittable" (the query interface pg offers to extensions such as
 * pg-copy-streams): pg sends the statement and, when the server asks for data, this sends the
 * chunks with pg's own CopyData/CopyDone messages, waiting for the socket to drain between them.
 * Awaiting it waits for the statement's end (and throws its error). Used by the ingest writer
 * (telemetry-writer.ts) and the ingest benchmark's COPY baseline (scripts/bench/ingest.mjs).
 */
export class CopyFrom implements PromiseLike<void> {
  private readonly done: Promise<void>;
  private resolve!: () => void;
  private reject!: (err: unknown) => void;
  private error: unknown = undefined;

  constructor(
    readonly text: string,
    private readonly chunks: Iterable<Buffer>,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  then<A = void, B = never>(
    onFulfilled?: ((value: void) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.done.then(onFulfilled, onRejected);
  }

  async handleCopyInResponse(connection: CopyConnection): Promise<void> {
    try {
      for (const chunk of this.chunks) {
        connection.sendCopyFromChunk(chunk);
        if (connection.stream.writableNeedDrain) await new Promise((r) => connection.stream.once('drain', r));
      }
      connection.endCopyFrom();
    } catch (err) {
      connection.sendCopyFail(String(err));
    }
  }

  handleError(err: unknown): void {
    this.error = err;
  }

  handleReadyForQuery(): void {
    if (this.error) this.reject(this.error);
    else this.resolve();
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}
