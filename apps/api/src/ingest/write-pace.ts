/** Writes at once while ingest is paced: one, so the evaluator's backend gets its share of the machine. */
export const PACED_WRITERS = 1;

export type PaceChange = 'paced' | 'unpaced';

/**
 * Ingest pacing by evaluation lag (docs/scaling.md, "Ingest pacing"). While the sync-health
 * evaluator trails ingest by `thresholdSeconds` or more, ingest writes go to the database one at a
 * time; the requests wait their turn (in order) instead of being refused, so nothing is turned
 * away that would have been accepted, and the evaluator catches up because it no longer competes
 * with every ingest connection for the CPU. Pacing ends when the lag is under half the threshold
 * (hysteresis, so it does not flap at the edge). A threshold of 0 turns pacing off.
 *
 * Pure: the lag comes from `observeLag` (IngestPacing reads it from the database).
 */
export class WritePace {
  private pacedNow = false;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly thresholdSeconds: number) {}

  get paced(): boolean {
    return this.pacedNow;
  }

  /** Writes running now and writes waiting for their turn. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  /** Takes a measured lag into account; says when pacing starts or ends. */
  observeLag(lagSeconds: number): PaceChange | null {
    if (this.thresholdSeconds <= 0) return null;
    if (!this.pacedNow && lagSeconds >= this.thresholdSeconds) {
      this.pacedNow = true;
      return 'paced';
    }
    if (this.pacedNow && lagSeconds < this.thresholdSeconds / 2) {
      this.pacedNow = false;
      while (this.waiting.length) this.handOver();
      return 'unpaced';
    }
    return null;
  }

  /** Runs one write, after the ones before it when paced. */
  async run<T>(write: () => Promise<T>): Promise<T> {
    if (this.pacedNow && this.active >= PACED_WRITERS) {
      // The slot is counted for us by whoever wakes us (release or observeLag).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await write();
    } finally {
      this.release();
    }
  }

  private release(): void {
    this.active--;
    if (this.waiting.length && (!this.pacedNow || this.active < PACED_WRITERS)) this.handOver();
  }

  private handOver(): void {
    this.active++;
    this.waiting.shift()?.();
  }
}
