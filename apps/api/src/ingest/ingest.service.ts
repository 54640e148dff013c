import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ParsedBusinessEvent } from '@closewatch/contracts/events';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ingestItems } from '../health/metrics';
import { CatalogService } from '../flows/catalog.service';
import { LiveBus } from '../live/live-bus';
import { isDatabaseUnavailable } from '../common/database-unavailable';
import { eventToHopRow } from './event-hop';
import { IngestPacing } from './ingest-pacing';
import { type IngestSender, UNSCOPED_SENDER } from './flow-scope';
import { hopRowToDto, type HopRow } from './hop-row';
import { bumpCounters } from './ingest-counters';
import { mapOtlpSpans, type SpanRejection } from './otlp-mapping';
import { type OtlpResourceSpans } from './otlp-span';
import { insertRun, type RunReportInput } from './run-writer';
import { writeTelemetry } from './telemetry-writer';

/**
 * The ingest write path. Each request is one transaction (spans/hops/runs and the per-flow
 * counters; for spans and hops a single statement, telemetry-writer.ts), so a 2xx means the
 * data is committed and a failure leaves nothing behind. Only
 * after the commit are new hops handed to the live stream and counted in the metrics.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger('ingest');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly liveBus: LiveBus,
    private readonly catalog: CatalogService,
    private readonly pacing: IngestPacing,
  ) {}

  /**
   * OTLP spans: finance spans to `hops` (with their trace context), the others to `spans`.
   * Returns the rejected ones, finance spans of flows the sender may not write included.
   */
  async ingestSpans(batch: OtlpResourceSpans[], sender: IngestSender = UNSCOPED_SENDER): Promise<SpanRejection[]> {
    const { spans, resources, hops, rejected } = mapOtlpSpans(batch, sender.flows);
    ingestItems.inc({ source: 'otlp', outcome: 'rejected' }, rejected.length);
    const total = spans.length + hops.length;
    if (total === 0) return rejected;
    // A fixed order, so concurrent batches that share spans take their row locks in one order.
    spans.sort((a, b) => compare(a.traceId, b.traceId) || compare(a.spanId, b.spanId));
    hops.sort(compareHops);
    const listNewHops = this.liveBus.wantsHops();
    const { newSpans, newHopCount, newHops } = await this.write(() =>
      writeTelemetry(this.ds, spans, resources, hops, { listNewHops, ingestKeyId: sender.keyId }),
    );
    ingestItems.inc({ source: 'otlp', outcome: 'accepted' }, newSpans + newHopCount);
    ingestItems.inc({ source: 'otlp', outcome: 'duplicate' }, total - newSpans - newHopCount);
    this.liveBus.publishHopsCommitted(newHopCount);
    await this.publish(newHops, sender.keyId);
    return rejected;
  }

  /**
   * Valid business events (of flows the sender may write: events-request.ts checks) to `hops`;
   * returns how many were new and how many were duplicates (an id seen before in the same flow).
   */
  async ingestEvents(events: ParsedBusinessEvent[], sender: IngestSender = UNSCOPED_SENDER): Promise<{ accepted: number; duplicates: number }> {
    if (events.length === 0) return { accepted: 0, duplicates: 0 };
    const hops = events.map(eventToHopRow);
    const sorted = [...hops].sort(compareHops);
    const listNewHops = this.liveBus.wantsHops();
    const { newHopCount, newHops } = await this.write(() => writeTelemetry(this.ds, [], [], sorted, { listNewHops, ingestKeyId: sender.keyId }));
    ingestItems.inc({ source: 'event', outcome: 'accepted' }, newHopCount);
    ingestItems.inc({ source: 'event', outcome: 'duplicate' }, hops.length - newHopCount);
    this.liveBus.publishHopsCommitted(newHopCount);
    await this.publish(newHops, sender.keyId);
    return { accepted: newHopCount, duplicates: hops.length - newHopCount };
  }

  /** One batch run report (its flow already checked against the sender's), idempotent on (flow, runId, status): returns whether it was a repeat. */
  async ingestRun(run: RunReportInput, sender: IngestSender = UNSCOPED_SENDER): Promise<{ duplicate: boolean }> {
    const inserted = await this.write(() =>
      this.ds.transaction(async (tx) => {
        const inserted = await insertRun(tx, run, sender.keyId);
        // Runs are counted when they finish, so failedRuns / runs is the failure rate.
        if (inserted && run.status !== 'started') {
          await bumpCounters(tx, [{ flowId: run.flow, runs: 1, failedRuns: run.status === 'failed' ? 1 : 0 }]);
        }
        return inserted;
      }),
    );
    ingestItems.inc({ source: 'run', outcome: inserted ? 'accepted' : 'duplicate' });
    return { duplicate: !inserted };
  }

  /**
   * Runs a write, in its turn while ingest is paced (ingest-pacing.ts); a database that cannot
   * take it becomes a 503 with Retry-After.
   */
  private async write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.pacing.run(work);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      this.logger.warn({ msg: 'ingest write failed: database unavailable', err: (err as Error).message });
      const retryAfter = this.config.ingestRetryAfterSeconds;
      throw new ApiError(ApiErrorCode.Unavailable, `The database is unavailable; nothing was written, retry after ${retryAfter}s`, undefined, retryAfter);
    }
  }

  /** Committed hops to the live stream, oldest first. Never fails the (already committed) request. */
  private async publish(hops: HopRow[], ingestKeyId: string | null): Promise<void> {
    if (hops.length === 0) return;
    try {
      const registered = await this.catalog.flowIds();
      const ordered = [...hops].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
      this.liveBus.publishHops(ordered.map((h) => hopRowToDto(h, registered.has(h.flowId), ingestKeyId)));
    } catch (err) {
      this.logger.warn({ msg: 'could not publish committed hops to the live stream', err: (err as Error).message });
    }
  }
}

/** The order of the idempotency key (source id, then flow), so row locks are taken in one order. */
function compareHops(a: HopRow, b: HopRow): number {
  return compare(a.sourceId, b.sourceId) || compare(a.flowId, b.flowId);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
