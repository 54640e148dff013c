import { type HopDto, type IngestStatsResponse } from './telemetry';
import { type ExceptionsChangedEvent } from './exceptions';
import { type FlowHealthChangedEvent } from './sync-health';
import { type ReconProgressEvent, type ReconRunEvent } from './recon';
import { type ReadinessChangedEvent } from './readiness';
import { type AlertNotificationsChangedEvent } from './alerts';
import { type ReplaysChangedEvent } from './replays';

/** Typed socket.io event map shared by the api gateway and the dashboard. */
export interface ServerToClientEvents {
  /** New hops as they are committed, newest last. */
  'hops.created': (hops: HopDto[]) => void;
  /** Per-flow ingest stats over the default window, pushed every few seconds when they change. */
  'flows.stats': (stats: IngestStatsResponse) => void;
  /** Exceptions or incidents changed (after commit): which ones, so lists and details can refetch. */
  'exceptions.changed': (event: ExceptionsChangedEvent) => void;
  /** Flows whose sync-health status (healthy, degraded, failing, stale) changed, with the reason. */
  'flows.health': (event: FlowHealthChangedEvent) => void;
  /** Rows read so far by a running reconciliation. */
  'recon.progress': (event: ReconProgressEvent) => void;
  /** A reconciliation run was queued, started or finished; summary counts once it succeeded. */
  'recon.run': (event: ReconRunEvent) => void;
  /** Close readiness of some entities and periods changed status (after the pass that saw it committed). */
  'close.readiness': (event: ReadinessChangedEvent) => void;
  /** Alert notifications were queued, silenced, delivered, retried or failed (after commit). */
  'alerts.notifications': (event: AlertNotificationsChangedEvent) => void;
  /** Replay requests were made or changed status (after commit). */
  'replays.changed': (event: ReplaysChangedEvent) => void;
}

export interface ClientToServerEvents {
  /** Ask for the current stats immediately (on connect and after reconnect). */
  'flows.stats.request': () => void;
}

export const SOCKET_PATH = '/socket.io';
