import { type FailedRecords } from './failed-records';
import { RECORD_FLOWS } from './flows';
import { type PlannedHop, type Transport } from './model';
import { Random } from './random';
import { planReplay } from './replay';
import { type ReplayAnswer } from './replay-receiver';
import { type ReplayAsk } from './replay-webhook';

export interface ReplayCounts {
  accepted: number;
  succeeded: number;
  failed: number;
  unknown: number;
}

/** A replay about to be sent: its steps, offsets from `startAt` (epoch ms). */
export interface ScheduledReplay {
  transport: Transport;
  startAt: number;
  hops: PlannedHop[];
}

/**
 * The demo middleware's answer to a replay request: a record it failed and still remembers is
 * sent again after a short pause, succeeding with probability `successRate`. The outcome and the
 * pause depend only on the seed and the replay request id, so a run replays the same way with
 * the same --seed. An unknown record is a 404 naming why (Closewatch marks the request failed).
 */
export class ReplayMiddleware {
  readonly counts: ReplayCounts = { accepted: 0, succeeded: 0, failed: 0, unknown: 0 };

  constructor(
    private readonly records: FailedRecords,
    private readonly o: { seed: number; successRate: number; schedule: (r: ScheduledReplay) => void; now?: () => number },
  ) {}

  accept(ask: ReplayAsk): ReplayAnswer {
    const journey = this.records.find(ask.flow, ask.recordKey);
    const spec = RECORD_FLOWS.find((f) => f.id === ask.flow);
    if (!journey || !spec) {
      this.counts.unknown++;
      return {
        status: 404,
        message: `the demo middleware has no failed record ${ask.recordKey} of flow ${ask.flow} to send again (it remembers the records it failed since it started)`,
      };
    }
    const rng = new Random(`${this.o.seed}:${ask.replayRequestId}`);
    const succeed = rng.chance(this.o.successRate);
    const pauseMs = rng.int(500, 2500);
    const hops = planReplay(spec, journey, ask.replayRequestId, succeed, rng);
    this.counts.accepted++;
    if (succeed) {
      this.counts.succeeded++;
      this.records.forget(ask.flow, ask.recordKey);
    } else {
      this.counts.failed++;
    }
    this.o.schedule({ transport: journey.transport, startAt: (this.o.now ?? Date.now)() + pauseMs, hops });
    return { status: 202 };
  }
}
