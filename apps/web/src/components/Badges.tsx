import { type FlowIngestStats } from '@closewatch/contracts/telemetry';

const HEALTH_LABEL: Record<FlowIngestStats['health'], string> = { healthy: 'Healthy', degraded: 'Degraded', failing: 'Failing', idle: 'Idle' };

export function HealthBadge({ health }: { health: FlowIngestStats['health'] }) {
  return (
    <span className={`badge health-${health}`} data-testid="health-badge" data-health={health}>
      {HEALTH_LABEL[health]}
    </span>
  );
}

export function StatusBadge({ status }: { status: 'ok' | 'error' | 'started' | 'succeeded' | 'failed' }) {
  const tone = status === 'ok' || status === 'succeeded' ? 'ok' : status === 'started' ? 'info' : 'bad';
  return (
    <span className={`badge tone-${tone}`} data-testid="status-badge">
      {status}
    </span>
  );
}

export function StageTag({ stage }: { stage: string | null | undefined }) {
  if (!stage) return <span className="muted">—</span>;
  return <span className={`stage stage-${stage}`}>{stage.replace('_', ' ')}</span>;
}

/** Marks a flow id that is not in the catalog: its hops are kept and surfaced, not dropped. */
export function UnregisteredMarker() {
  return (
    <span className="badge tone-warn" title="This flow id is not in the catalog" data-testid="unregistered-flow">
      unregistered flow
    </span>
  );
}
