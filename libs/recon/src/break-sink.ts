import { emptyBreakCounts, type BreakSinkFn, type BreakType, type ReconBreak } from './result';

/**
 * Counts breaks by type and hands them to the caller's sink in batches, in order, one batch at
 * a time. A full batch is handed over without waiting for it to be taken in (the engine keeps
 * reading while the caller stores it: a database write per batch would otherwise stall the
 * whole run); the next full batch waits until the previous one is done (back-pressure), so at
 * most two batches are held. `flush()` hands over the rest and waits for everything; a failed
 * delivery fails the next `add` or `flush`; `settle()` waits out a delivery when the run fails.
 */
export class BreakSink {
  readonly counts: Record<BreakType, number> = emptyBreakCounts();
  private batch: ReconBreak[] = [];
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly deliver: BreakSinkFn | undefined,
    private readonly batchSize = 500,
  ) {}

  async add(brk: ReconBreak): Promise<void> {
    this.counts[brk.type]++;
    if (!this.deliver) return;
    this.batch.push(brk);
    if (this.batch.length >= this.batchSize) await this.handOver();
  }

  async flush(): Promise<void> {
    if (this.batch.length > 0) await this.handOver();
    const last = this.inFlight;
    this.inFlight = null;
    await last;
  }

  /** Waits for a delivery in flight to end, whatever its outcome (a run that fails stores nothing after it has failed). */
  async settle(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
  }

  /** Waits for the batch in flight, then starts delivering the current one. */
  private async handOver(): Promise<void> {
    const deliver = this.deliver as BreakSinkFn;
    const batch = this.batch;
    this.batch = [];
    const previous = this.inFlight;
    this.inFlight = null;
    await previous;
    const delivery = (async () => deliver(batch))();
    delivery.catch(() => undefined); // observed by the next handOver or flush; never unhandled meanwhile
    this.inFlight = delivery;
  }
}
