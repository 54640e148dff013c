import { type IngestStatsResponse } from '@closewatch/contracts/telemetry';

/**
 * What makes two stats answers different for a viewer: everything but the time they were
 * computed. The gateway pushes `flows.stats` only when this changes.
 */
export function statsFingerprint(stats: IngestStatsResponse): string {
  return JSON.stringify([stats.windowSeconds, stats.flows]);
}
