import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type OpenLineageRunEvent } from '@closewatch/contracts/openlineage';
import { type Page } from '@closewatch/contracts/pagination';
import { enqueueOpenLineageEvents } from '../alerts/delivery/openlineage-deliveries.port';
import { ApiError } from '../common/api-error';
import { decodeCursor, toPage } from '../common/pagination';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { type FeedPosition, type FeedRow, readFeed, readPushPosition, savePushPosition, toFact } from './openlineage.queries';
import { runEvent } from './run-event';

/**
 * How far back each push pass reads again before where the last one stopped: a run recorded by a
 * transaction that committed after a later one (its time is its transaction's start) is still
 * queued; events already queued are skipped by their key.
 */
const PUSH_OVERLAP_MS = 5 * 60_000;
const PUSH_PAGE = 500;

/** Batch runs and reconciliation runs as OpenLineage run events: the feed, and the push through the alerts outbox. */
@Injectable()
export class OpenLineageService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Run events in the order Closewatch recorded them, from `since` on. */
  async events(q: { since?: string; limit: number; cursor?: string }): Promise<Page<OpenLineageRunEvent>> {
    const rows = await readFeed(this.ds, { since: q.since, after: decodePosition(q.cursor), limit: q.limit + 1 });
    return toPage(
      rows,
      q.limit,
      (r) => this.eventOf(r),
      (r) => [r.recorded_at, r.key],
    );
  }

  /**
   * Queues the run events recorded since the last pass into the outbox (nothing when
   * CLOSEWATCH_OPENLINEAGE_URL is unset); the alerts worker delivers them. Each page is queued and
   * the position moved in one transaction, so a crash repeats at most a page, and a repeat is
   * skipped by the event keys. Safe on every replica at once for the same reason. Answers how
   * many events were queued.
   */
  async queuePush(now = new Date()): Promise<number> {
    if (!this.config.openlineage.url) return 0;
    const from = await readPushPosition(this.ds);
    const since = from ? new Date(Date.parse(from.recordedAt) - PUSH_OVERLAP_MS).toISOString() : undefined;
    let after: FeedPosition | undefined;
    let queued = 0;
    for (;;) {
      const rows = await readFeed(this.ds, { since, after, limit: PUSH_PAGE });
      const last = rows[rows.length - 1];
      if (!last) return queued;
      after = { recordedAt: last.recorded_at, key: last.key };
      const position = after;
      queued += await this.ds.transaction(async (m) => {
        const n = await enqueueOpenLineageEvents(
          m,
          rows.map((r) => ({ key: r.key, event: this.eventOf(r) })),
          now,
        );
        await savePushPosition(m, position);
        return n;
      });
      if (rows.length < PUSH_PAGE) return queued;
    }
  }

  private eventOf(r: FeedRow): OpenLineageRunEvent {
    return runEvent(toFact(r), this.config.openlineage.namespace);
  }
}

function decodePosition(cursor: string | undefined): FeedPosition | undefined {
  const key = decodeCursor<[unknown, unknown]>(cursor, 2);
  if (!key) return undefined;
  const [recordedAt, k] = key;
  if (typeof recordedAt !== 'string' || Number.isNaN(Date.parse(recordedAt)) || typeof k !== 'string') {
    throw ApiError.field('cursor', 'is not a cursor this list returned');
  }
  return { recordedAt, key: k };
}
