import { type FlowIngestStats } from '@closewatch/contracts/telemetry';
import { Badge, type BadgeTone } from './Badge';

const HEALTH_TONE: Record<FlowIngestStats['health'], BadgeTone> = { healthy: 'ok', degraded: 'warn', failing: 'bad', idle: 'idle' };
const HEALTH_LABEL: Record<FlowIngestStats['health'], string> = { healthy: 'Healthy', degraded: 'Degraded', failing: 'Failing', idle: 'Idle' };

export function HealthBadge({ health }: { health: FlowIngestStats['health'] }) {
  return (
    <Badge tone={HEALTH_TONE[health]} data-testid="health-badge" data-health={health}>
      {HEALTH_LABEL[health]}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: 'ok' | 'error' | 'started' | 'succeeded' | 'failed' }) {
  const tone = status === 'ok' || status === 'succeeded' ? 'ok' : status === 'started' ? 'info' : 'bad';
  return (
    <Badge tone={tone} data-testid="status-badge">
      {status}
    </Badge>
  );
}

export function StageTag({ stage }: { stage: string | null | undefined }) {
  if (!stage) return <span className="muted">—</span>;
  return <span className={`stage stage-${stage}`}>{stage.replace('_', ' ')}</span>;
}

/** Marks a flow id that is not in the catalog: its hops are kept and surfaced, not dropped. */
export function UnregisteredMarker({ className }: { className?: string }) {
  return (
    <Badge tone="warn" className={className} title="This flow id is not in the catalog" data-testid="unregistered-flow">
      unregistered flow
    </Badge>
  );
}
