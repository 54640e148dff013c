import { type RecordJourney } from './model';
import { failedHop } from './replay';

/**
 * The demo middleware's memory of the records it failed to deliver, so it can send one again
 * when Closewatch asks: the latest `capacity` of them, oldest forgotten first. Kept in memory
 * only, like a real middleware's retry queue that was not persisted: after a restart of the
 * simulator, records it failed before are unknown to it.
 */
export class FailedRecords {
  private readonly byKey = new Map<string, RecordJourney>();

  constructor(private readonly capacity = 10_000) {}

  /** Remembers the record when one of its steps failed; others are ignored. */
  remember(journey: RecordJourney): void {
    if (!failedHop(journey)) return;
    const key = keyOf(journey.flow, journey.recordKey);
    this.byKey.delete(key);
    this.byKey.set(key, journey);
    if (this.byKey.size > this.capacity) this.byKey.delete(this.byKey.keys().next().value as string);
  }

  find(flow: string, recordKey: string): RecordJourney | undefined {
    return this.byKey.get(keyOf(flow, recordKey));
  }

  /** The record was delivered after all: forget it. */
  forget(flow: string, recordKey: string): void {
    this.byKey.delete(keyOf(flow, recordKey));
  }

  get size(): number {
    return this.byKey.size;
  }
}

function keyOf(flow: string, recordKey: string): string {
  return `${flow}\u0000${recordKey}`;
}
