import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { measureEvaluationLagWith } from '../health/metrics';

/**
 * `closewatch_evaluation_lag_seconds`: how long the oldest committed hop past the evaluator's
 * watermark has waited since it was received (0 when none is). Ids are allocated in insert order,
 * so the first id past the watermark is the oldest waiting hop; one index probe per scrape. Hops
 * that commit late below the watermark (gaps, stream-cursor.ts) are not counted: they are picked
 * up within the next ticks. It also holds whether this server's ingest is paced by the lag, for
 * the flow-health answer (`evaluation.paced`).
 */
@Injectable()
export class EvaluationLag implements OnModuleInit {
  /** Whether this server's ingest writes are paced by the lag now (IngestPacing sets it as pacing starts and ends). */
  pacedHere = false;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  onModuleInit(): void {
    measureEvaluationLagWith(() => this.seconds());
  }

  async seconds(): Promise<number> {
    const [row]: { lag: number | null }[] = await this.ds.query(
      `select extract(epoch from clock_timestamp() - h.received_at)::float8 as lag
         from hops h
        where h.id > (select watermark from sync_cursors where stream = 'hops')
        order by h.id
        limit 1`,
    );
    return Math.max(0, row?.lag ?? 0);
  }
}
