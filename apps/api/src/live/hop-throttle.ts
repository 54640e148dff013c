import { type HopDto } from '@closewatch/contracts/telemetry';

/** One `hops.created` message: hops committed since the last one, and how many were committed. */
export interface HopMessage {
  /** Newest last, at most the throttle's `maxHops`. */
  hops: HopDto[];
  /** Hops committed since the last message (at least `hops.length`). */
  committed: number;
}

/**
 * What the live stream sends of the committed hops, bounded whatever the ingest rate: at most one
 * message per `intervalMs`, carrying at most `maxHops` hops (what a live feed shows) and the count
 * of all. The first hops after a quiet interval go out at once; under load they wait for the end
 * of the interval, so none waits longer than `intervalMs`. A message shows every batch (ingest
 * request) committed in its interval by the batch's newest hop, the newest batches first when
 * there are more than `maxHops`, and fills the rest with the newest hops. Pure: the caller
 * passes the time and runs the timer.
 */
export class HopThrottle {
  /** Batches since the last message, oldest first, each its newest `maxHops` hops (newest last). */
  private batches: HopDto[][] = [];
  private committed = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly maxHops: number,
    private readonly intervalMs: number,
  ) {}

  /** Adds a committed batch (newest last); returns in how many milliseconds to `take()` it (0: now). */
  add(hops: readonly HopDto[], now: number): number {
    if (hops.length) {
      this.committed += hops.length;
      this.batches.push(hops.slice(-this.maxHops));
      if (this.batches.length > this.maxHops) this.batches.shift();
    }
    return Math.max(0, this.lastSentAt + this.intervalMs - now);
  }

  /** The message to send now (null when nothing is pending); the interval restarts at `now`. */
  take(now: number): HopMessage | null {
    if (this.committed === 0) return null;
    const message = { hops: pick(this.batches, this.maxHops), committed: this.committed };
    this.batches = [];
    this.committed = 0;
    this.lastSentAt = now;
    return message;
  }
}

/** At most `max` hops of `batches`: each batch's newest (newest batches first), then the newest of the rest; in commit order. */
function pick(batches: HopDto[][], max: number): HopDto[] {
  const chosen = batches.map(() => 0);
  let left = max;
  for (let b = batches.length - 1; b >= 0 && left > 0; b--, left--) chosen[b] = 1;
  for (let b = batches.length - 1; b >= 0 && left > 0; b--) {
    const more = Math.min(left, batches[b].length - chosen[b]);
    chosen[b] += more;
    left -= more;
  }
  return batches.flatMap((batch, b) => batch.slice(batch.length - chosen[b]));
}
