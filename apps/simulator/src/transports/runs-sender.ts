import { type RunReport, type RunReportResponse } from '@closewatch/contracts/runs';
import { type Logger } from '../log';
import { type Stats } from '../stats';
import { postJson } from './http-client';

/**
 * Batch run reports to `POST /api/v1/runs`, sent at once; the reports of one run go in order
 * (started before succeeded). close() waits for those in flight.
 */
export class RunsSender {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly lastOfRun = new Map<string, Promise<void>>();
  private deadline: number | undefined;

  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
    private readonly log: Logger,
    private readonly stats: Stats,
  ) {}

  report(run: RunReport): void {
    const id = `${run.flow}\u0000${run.runId}`;
    const previous = this.lastOfRun.get(id) ?? Promise.resolve();
    const p: Promise<void> = previous
      .then(() => this.post(run))
      .finally(() => {
        this.inFlight.delete(p);
        if (this.lastOfRun.get(id) === p) this.lastOfRun.delete(id);
      });
    this.inFlight.add(p);
    this.lastOfRun.set(id, p);
  }

  async close(deadline: number): Promise<void> {
    this.deadline = deadline;
    await Promise.all([...this.inFlight]);
  }

  private async post(run: RunReport): Promise<void> {
    const res = await postJson<RunReportResponse>(`${this.baseUrl}/api/v1/runs`, this.key, run, this.log, {
      what: `run ${run.flow} ${run.runId} ${run.status}`,
      deadline: () => this.deadline,
    });
    if (res.ok) {
      this.stats.runReportsSent++;
    } else {
      this.stats.httpErrors++;
      this.stats.runReportsFailed++;
    }
  }
}
