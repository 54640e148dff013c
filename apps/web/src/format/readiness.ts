import { type ReadinessDto, type ReadinessReasonKind, type ReadinessStatus } from '@closewatch/contracts/readiness';
import { type BadgeTone } from '../components/Badge';

export const READINESS_TONE: Record<ReadinessStatus, BadgeTone> = { ready: 'ok', at_risk: 'warn', blocked: 'bad' };
export const READINESS_LABEL: Record<ReadinessStatus, string> = { ready: 'Ready', at_risk: 'At risk', blocked: 'Blocked' };

/** Reason kinds as a controller reads them. */
export const REASON_LABEL: Record<ReadinessReasonKind, string> = {
  flow_stale: 'Flow stale',
  flow_failing: 'Flow failing',
  run_missing: 'Batch run missing',
  run_failed: 'Batch run failed',
  recon_missing: 'Reconciliation not run',
  recon_failed: 'Reconciliation failed',
  recon_material_breaks: 'Material reconciliation breaks',
  material_exception: 'Open exceptions',
  unmapped_dimension: 'Unmapped values',
  late_posting: 'Late postings',
};

export interface ReadinessMatrix {
  /** Entities, sorted. */
  entities: string[];
  /** Periods, newest first. */
  periods: string[];
  cell(entity: string, period: string): ReadinessDto | undefined;
  counts: Record<ReadinessStatus, number>;
}

/** The entities × periods grid of readiness cells, with how many cells have each status. */
export function readinessMatrix(items: readonly ReadinessDto[]): ReadinessMatrix {
  const cells = new Map(items.map((i) => [`${i.entity}\u0000${i.period}`, i]));
  const counts: Record<ReadinessStatus, number> = { ready: 0, at_risk: 0, blocked: 0 };
  for (const i of items) counts[i.status] += 1;
  return {
    entities: [...new Set(items.map((i) => i.entity))].sort(),
    periods: [...new Set(items.map((i) => i.period))].sort().reverse(),
    cell: (entity, period) => cells.get(`${entity}\u0000${period}`),
    counts,
  };
}
