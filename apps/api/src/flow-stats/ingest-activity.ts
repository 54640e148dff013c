import { type FlowIngestStats } from '@closewatch/contracts/telemetry';

/**
 * How a flow's ingest went over a window, from its counters alone (`health` in the ingest stats
 * and the live `flows.stats` event). Not the flow's sync status against its SLO
 * (sync-health/sync-status.ts, `GET /api/v1/flows/health`), which also weighs lag, freshness
 * and schedules; the two share their thresholds' values, not their meaning.
 */
export type IngestActivity = FlowIngestStats['health'];

/** Ingest counters of one flow over one window (ingest_counters summed). */
export interface FlowCounters {
  /** new hops written */
  hops: number;
  /** of those, hops with status error (failed, dead-lettered, or an error reported) */
  errors: number;
  /** repeated deliveries that were recognised and not stored again */
  duplicates: number;
  /** batch runs that finished (succeeded or failed); ingest counts a run when it finishes */
  runs: number;
  /** of those, runs that failed */
  failedRuns: number;
}

/** At or above this share of hops in error, a flow is failing. */
export const FAILING_ERROR_RATE = 0.5;
/** At or above this share of finished runs failing, a flow is failing. */
export const FAILING_RUN_FAILURE_RATE = 0.5;
/** Above this share of deliveries being duplicates, a flow is degraded (some retrying is normal). */
export const DEGRADED_DUPLICATE_RATE = 0.05;

/**
 * Ingest activity of a flow over a window, from its counters only:
 * - `idle`: nothing arrived in the window (no hops, no duplicates, no finished runs);
 * - `failing`: at least half of the hops are errors, or at least half of the finished runs
 *   failed (a lone failed run is failing; one failure among three or more runs is degraded);
 * - `degraded`: any error hop, any failed run, or more than 5% of deliveries were duplicates;
 * - `healthy`: otherwise.
 */
export function ingestActivity(c: FlowCounters): IngestActivity {
  if (c.hops === 0 && c.duplicates === 0 && c.runs === 0) return 'idle';
  if (c.hops > 0 && errorRate(c) >= FAILING_ERROR_RATE) return 'failing';
  if (c.failedRuns > 0 && c.failedRuns >= FAILING_RUN_FAILURE_RATE * c.runs) return 'failing';
  if (c.errors > 0 || c.failedRuns > 0 || duplicateRate(c) > DEGRADED_DUPLICATE_RATE) return 'degraded';
  return 'healthy';
}

/** Share of new hops that are errors; 0 when there were none. */
export function errorRate(c: Pick<FlowCounters, 'hops' | 'errors'>): number {
  return c.hops > 0 ? Math.min(1, c.errors / c.hops) : 0;
}

/** Share of deliveries (new hops plus duplicates) that were duplicates; 0 when there were none. */
export function duplicateRate(c: Pick<FlowCounters, 'hops' | 'duplicates'>): number {
  const deliveries = c.hops + c.duplicates;
  return deliveries > 0 ? c.duplicates / deliveries : 0;
}
