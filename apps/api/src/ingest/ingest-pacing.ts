import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ingestPaced } from '../health/metrics';
import { EvaluationLag } from '../sync-health/evaluation-lag.service';
import { WritePace } from './write-pace';

/** How often the lag is read while ingest is writing (one index probe; nothing is read while idle). */
export const LAG_PROBE_INTERVAL_MS = 1_000;

/**
 * Feeds the evaluation lag to the ingest WritePace (CLOSEWATCH_INGEST_PACE_LAG_SECONDS). The lag
 * is read from the database, so it is the same for every replica whichever one evaluates: every
 * replica paces its own ingest writes by it. Read at most once a second, and only when a write
 * comes; a write never waits for the reading. Pacing is logged when it starts and ends, and shown
 * as `closewatch_ingest_paced` on /metrics.
 */
@Injectable()
export class IngestPacing {
  private readonly logger = new Logger('ingest');
  private readonly pace: WritePace;
  private lastProbe = 0;
  private probing = false;

  constructor(
    private readonly lag: EvaluationLag,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.pace = new WritePace(config.ingestPaceLagSeconds);
  }

  /** Runs one ingest write, its turn decided by the pace. */
  run<T>(write: () => Promise<T>): Promise<T> {
    this.probeSoon();
    return this.pace.run(write);
  }

  private probeSoon(): void {
    if (this.config.ingestPaceLagSeconds <= 0 || this.probing || Date.now() - this.lastProbe < LAG_PROBE_INTERVAL_MS) return;
    this.probing = true;
    this.lastProbe = Date.now();
    this.lag
      .seconds()
      .then((seconds) => this.observe(seconds))
      // An unreadable lag (the database is down) changes nothing: the write itself will say so.
      .catch(() => undefined)
      .finally(() => (this.probing = false));
  }

  private observe(seconds: number): void {
    const change = this.pace.observeLag(seconds);
    if (!change) return;
    ingestPaced.set(change === 'paced' ? 1 : 0);
    this.lag.pacedHere = change === 'paced';
    const threshold = this.config.ingestPaceLagSeconds;
    if (change === 'paced') {
      this.logger.warn({
        msg: `evaluation trails ingest by ${seconds.toFixed(1)} s (CLOSEWATCH_INGEST_PACE_LAG_SECONDS=${threshold}): ingest writes go one at a time until it is under ${threshold / 2} s`,
        lagSeconds: seconds,
        ...this.pace.load,
      });
    } else {
      this.logger.log({ msg: `evaluation caught up (lag ${seconds.toFixed(1)} s): ingest writes run side by side again`, lagSeconds: seconds });
    }
  }
}
