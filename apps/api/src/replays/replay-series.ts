import { type ReplaySeriesPointDto, type ReplayStatus } from '@closewatch/contracts/replays';
import { type SeriesSteps } from '../common/series-steps';

/** Requests of one step and status, as the query counts them. */
export interface ReplayCountRow {
  step: number;
  status: ReplayStatus;
  count: number;
}

type Counts = Omit<ReplaySeriesPointDto, 'at'>;

function empty(): Counts {
  return { requested: 0, succeeded: 0, failed: 0, expired: 0, waiting: 0, successRate: null };
}

function add(c: Counts, status: ReplayStatus, n: number): void {
  if (status === 'rejected') return; // never asked of the middleware
  c.requested += n;
  if (status === 'succeeded' || status === 'failed' || status === 'expired') c[status] += n;
  else c.waiting += n;
}

/** The share of settled requests that succeeded, or null when none is settled. */
export function successRate(c: Pick<Counts, 'succeeded' | 'failed' | 'expired'>): number | null {
  const settled = c.succeeded + c.failed + c.expired;
  return settled ? c.succeeded / settled : null;
}

/** Every step of the window with its counts (zero where nothing was requested), and the window's total. */
export function replaySeries(steps: SeriesSteps, stepSeconds: number, rows: readonly ReplayCountRow[]): { points: ReplaySeriesPointDto[]; total: Counts } {
  const points = Array.from({ length: steps.count }, (_, i) => ({ at: new Date(steps.start.getTime() + i * stepSeconds * 1000).toISOString(), ...empty() }));
  const total = empty();
  for (const r of rows) {
    const point = points[r.step];
    if (!point) continue;
    add(point, r.status, r.count);
    add(total, r.status, r.count);
  }
  for (const p of points) p.successRate = successRate(p);
  total.successRate = successRate(total);
  return { points, total };
}
