import { type HopDto, type IngestStatsResponse } from './telemetry';
import { type ExceptionsChangedEvent } from './exceptions';
import { type FlowHealthChangedEvent } from './sync-health';
import { type ReconProgressEvent, type ReconRunEvent } from './recon';
import { type ReadinessChangedEvent } from './readiness';
import { type AlertNotificationsChangedEvent } from './alerts';
import { type ReplaysChangedEvent } from './replays';

/** Typed socket.io event map shared by the api gateway and the dashboard. */
export interface ServerToClientEvents {
  /**
   * Hops committed since the last message, newest last: at most LIVE_HOPS_PER_MESSAGE of them (each
   * ingest request's newest, then the newest others), and how many were committed in all. At most
   * one message per LIVE_HOPS_INTERVAL_MS.
   */
  'hops.created': (hops: HopDto[], committed: number) => void;
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

/**
 * The most hops one `hops.created` message carries: the newest hop of every ingest request in its
 * interval, then the newest others. A feed of twice as many shows all of the last two messages,
 * also when a busy browser handles both before it renders.
 */
export const LIVE_HOPS_PER_MESSAGE = 20;

/**
 * The shortest time between two `hops.created` messages: however fast hops are committed, a
 * dashboard gets at most 1000 / LIVE_HOPS_INTERVAL_MS messages a second, and no hop waits longer.
 */
export const LIVE_HOPS_INTERVAL_MS = 100;
