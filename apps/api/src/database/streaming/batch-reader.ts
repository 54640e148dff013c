/** A row as an object of its columns' values (the reconciliation engine's Row has the same shape). */
export type Row = Record<string, unknown>;

/**
 * The async iterator a postgres dataset reader is (cursor or COPY): rows (objects, or arrays of
 * column values) come from batches the subclass fetches; rows of a batch in hand are returned
 * without a promise (the engine's KeyedCursor takes either; `for await` too); between batches
 * the event loop gets a turn, so a long run never starves the API's requests, and the abort signal is checked. Leaving early
 * (the engine's return() on error or cancellation) releases the connection without committing;
 * aborting the signal calls `abort()` at once, which must stop a statement in progress (or
 * have the rest of it dropped: the read then rejects with the abort reason all the same).
 */
export abstract class BatchReader<T, R = Row> {
  private batch: T[] = [];
  private index = 0;
  private started = false;
  private closed = false;
  private readonly onAbort = () => this.abort();
  /** Handed out for every row of a batch (the reader of an iterator takes the value at once): no object per row. */
  private readonly result: { value: R; done: false } = { value: undefined as R, done: false };

  constructor(private readonly signal: AbortSignal | undefined) {}

  /** Connects and starts the statement. */
  protected abstract open(): Promise<void>;
  /** The next batch (may be empty), or null at the end. */
  protected abstract nextBatch(): Promise<T[] | null>;
  protected abstract toRow(item: T): R;
  /** Ends the transaction (commit at the normal end) and the connection. */
  protected abstract release(commit: boolean): Promise<void>;
  /** Stops at once, from the abort signal's listener. */
  protected abstract abort(): void;

  next(): IteratorResult<R> | Promise<IteratorResult<R>> {
    if (this.index < this.batch.length) {
      this.result.value = this.toRow(this.batch[this.index++]!);
      return this.result;
    }
    return this.refill();
  }

  async return(): Promise<IteratorResult<R>> {
    await this.close(false);
    return { value: undefined, done: true };
  }

  private async refill(): Promise<IteratorResult<R>> {
    try {
      if (!this.started) {
        this.started = true;
        this.signal?.throwIfAborted();
        this.signal?.addEventListener('abort', this.onAbort, { once: true });
        await this.open();
      }
      for (;;) {
        if (this.closed) return { value: undefined, done: true };
        const items = await this.nextBatch();
        if (items === null) {
          // An abort that let the statement end (a reader that drains rather than drops) is no end.
          this.signal?.throwIfAborted();
          await this.close(true);
          return { value: undefined, done: true };
        }
        // Let the event loop in once per batch: a run must not starve the API's requests (or a cancel).
        await new Promise((resolve) => setImmediate(resolve));
        this.signal?.throwIfAborted();
        if (items.length) {
          this.batch = items;
          this.index = 1;
          return { value: this.toRow(items[0]!), done: false };
        }
      }
    } catch (err) {
      await this.close(false);
      this.signal?.throwIfAborted();
      throw err;
    }
  }

  private async close(commit: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batch = [];
    this.signal?.removeEventListener('abort', this.onAbort);
    if (this.started) await this.release(commit);
  }
}
