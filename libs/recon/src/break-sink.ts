import { emptyBreakCounts, type BreakSinkFn, type BreakType, type ReconBreak } from './result';

/**
 * Counts breaks by type and hands them to the caller's sink in batches, awaiting each batch
 * (back-pressure: the engine reads no further while the sink is busy). Breaks are never
 * accumulated beyond one batch.
 */
export class BreakSink {
  readonly counts: Record<BreakType, number> = emptyBreakCounts();
  private batch: ReconBreak[] = [];

  constructor(
    private readonly deliver: BreakSinkFn | undefined,
    private readonly batchSize = 500,
  ) {}

  async add(brk: ReconBreak): Promise<void> {
    this.counts[brk.type]++;
    if (!this.deliver) return;
    this.batch.push(brk);
    if (this.batch.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.deliver || this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    await this.deliver(batch);
  }
}
