import { type IngestStatsResponse } from '@closewatch/contracts/telemetry';

/** Of two stats answers (the first REST answer and pushes), the one computed last wins. */
export function newerStats(a: IngestStatsResponse | undefined, b: IngestStatsResponse | undefined): IngestStatsResponse | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b.generatedAt) >= Date.parse(a.generatedAt) ? b : a;
}

export interface StatsTotals {
  flows: number;
  active: number;
  hops: number;
  errors: number;
  duplicates: number;
  throughputPerMinute: number;
  errorRate: number;
  unhealthy: number;
}

/** Totals over every flow for the overview's headline numbers. */
export function statsTotals(stats: IngestStatsResponse): StatsTotals {
  const t = { flows: stats.flows.length, active: 0, hops: 0, errors: 0, duplicates: 0, throughputPerMinute: 0, errorRate: 0, unhealthy: 0 };
  for (const f of stats.flows) {
    if (f.health !== 'idle') t.active += 1;
    if (f.health === 'failing' || f.health === 'degraded') t.unhealthy += 1;
    t.hops += f.hops;
    t.errors += f.errors;
    t.duplicates += f.duplicates;
  }
  t.throughputPerMinute = Math.round((t.hops / (stats.windowSeconds / 60)) * 100) / 100;
  t.errorRate = t.hops > 0 ? t.errors / t.hops : 0;
  return t;
}

const HEALTH_ORDER = { failing: 0, degraded: 1, healthy: 2, idle: 3 } as const;

/** Flows worst first, then busiest, then by id, so what needs attention is on top. */
export function sortFlowsForOverview<T extends { health: keyof typeof HEALTH_ORDER; hops: number; flow: string }>(flows: readonly T[]): T[] {
  return [...flows].sort((a, b) => HEALTH_ORDER[a.health] - HEALTH_ORDER[b.health] || b.hops - a.hops || a.flow.localeCompare(b.flow));
}
