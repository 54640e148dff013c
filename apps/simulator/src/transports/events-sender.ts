import { type BusinessEvent, type EventsResponse } from '@closewatch/contracts/events';
import { type Logger } from '../log';
import { type Stats } from '../stats';
import { postJson } from './http-client';

export interface EventsSenderOptions {
  maxBatch: number;
  flushIntervalMs: number;
  /** While the server is unreachable at most this many events wait; older ones are dropped. */
  maxBuffered: number;
}

/**
 * Business events to `POST /api/v1/events`, batched: sent when a batch fills or every
 * flushIntervalMs, one request at a time. Retries are in postJson; what still fails is logged
 * and counted as lost.
 */
export class EventsSender {
  private buffer: BusinessEvent[] = [];
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private deadline: number | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
    private readonly log: Logger,
    private readonly stats: Stats,
    private readonly options: EventsSenderOptions = { maxBatch: 500, flushIntervalMs: 250, maxBuffered: 100_000 },
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.options.flushIntervalMs);
  }

  send(event: BusinessEvent): void {
    this.buffer.push(event);
    if (this.buffer.length > this.options.maxBuffered) {
      const dropped = this.buffer.splice(0, this.buffer.length - this.options.maxBuffered).length;
      this.stats.eventsLost += dropped;
      this.log.log('error', 'events dropped: too many waiting for the server', { dropped, waiting: this.buffer.length });
    }
    if (this.buffer.length >= this.options.maxBatch) void this.flush();
  }

  /** Sends everything buffered so far; resolves when it is sent (or given up). */
  flush(): Promise<void> {
    this.running ??= this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops the timer and sends the rest, retrying until `deadline` (epoch ms) at most. */
  async close(deadline: number): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.deadline = deadline;
    await this.flush();
    // A flush that was already running may have left events that arrived meanwhile.
    if (this.buffer.length > 0) await this.flush();
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.options.maxBatch);
      const res = await postJson<EventsResponse>(`${this.baseUrl}/api/v1/events`, this.key, { events: batch }, this.log, {
        what: 'events',
        deadline: () => this.deadline,
      });
      if (!res.ok || !res.body) {
        this.stats.httpErrors++;
        this.stats.eventsLost += batch.length;
        continue;
      }
      this.stats.eventsAccepted += res.body.accepted ?? 0;
      this.stats.eventsDuplicates += res.body.duplicates ?? 0;
      const rejected = res.body.rejected ?? [];
      this.stats.eventsRejected += rejected.length;
      if (rejected.length > 0) {
        this.log.log('error', 'events rejected', {
          count: rejected.length,
          first: rejected.slice(0, 3).map((r) => ({ index: r.index, id: batch[r.index]?.id, errors: r.errors })),
        });
      }
    }
  }
}
