import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import { type HopDto } from '@closewatch/contracts/telemetry';
import { type ExceptionsChangedEvent } from '@closewatch/contracts/exceptions';
import { type FlowHealthChangedEvent } from '@closewatch/contracts/sync-health';
import { type ReconProgressEvent, type ReconRunEvent } from '@closewatch/contracts/recon';
import { type ReadinessChangedEvent } from '@closewatch/contracts/readiness';
import { type AlertNotificationsChangedEvent } from '@closewatch/contracts/alerts';
import { type ReplaysChangedEvent } from '@closewatch/contracts/replays';

/**
 * In-process hand-off from features that commit data (ingest) to the socket.io gateway.
 * Features publish only after their transaction commits, so the dashboard never shows data
 * that a rollback removed.
 */
@Injectable()
export class LiveBus {
  readonly hops$ = new Subject<HopDto[]>();
  private audience: () => boolean = () => true;

  /**
   * Whether anyone would receive hops now (the gateway says; true until it does). The ingest hot
   * path skips building and encoding the live hop messages when nobody is connected.
   */
  wantsHops(): boolean {
    return this.audience();
  }

  setHopAudience(audience: () => boolean): void {
    this.audience = audience;
  }

  publishHops(hops: HopDto[]): void {
    if (hops.length) this.hops$.next(hops);
  }

  /**
   * How many new hops a write committed, whether or not anyone wants the hops themselves: the
   * sync-health scheduler evaluates soon after (live dashboards get `hops$`, built only for them).
   */
  readonly hopsCommitted$ = new Subject<number>();

  publishHopsCommitted(count: number): void {
    if (count > 0) this.hopsCommitted$.next(count);
  }

  /** Exceptions and incidents changed (intake, auto-resolve, a person's action); published after commit. */
  readonly exceptions$ = new Subject<ExceptionsChangedEvent>();

  publishExceptions(event: ExceptionsChangedEvent): void {
    if (event.exceptionIds.length || event.incidentIds.length) this.exceptions$.next(event);
  }

  /** Flows whose sync-health status changed at an evaluation tick (sync-health evaluator). */
  readonly flowHealth$ = new Subject<FlowHealthChangedEvent>();

  publishFlowHealth(event: FlowHealthChangedEvent): void {
    if (event.changes.length) this.flowHealth$.next(event);
  }

  /** Rows read so far by a running reconciliation (persisted progress, every few thousand rows). */
  readonly reconProgress$ = new Subject<ReconProgressEvent>();

  publishReconProgress(event: ReconProgressEvent): void {
    this.reconProgress$.next(event);
  }

  /** A reconciliation run was queued, started or finished (after commit). */
  readonly reconRuns$ = new Subject<ReconRunEvent>();

  publishReconRun(event: ReconRunEvent): void {
    this.reconRuns$.next(event);
  }

  /** Close readiness of entities and periods changed status (readiness pass, after commit). */
  readonly readiness$ = new Subject<ReadinessChangedEvent>();

  publishReadiness(event: ReadinessChangedEvent): void {
    if (event.changes.length) this.readiness$.next(event);
  }

  /** Alert notifications queued, silenced, delivered, retried or failed (alerts outbox and worker, after commit). */
  readonly alertNotifications$ = new Subject<AlertNotificationsChangedEvent>();

  publishAlertNotifications(event: AlertNotificationsChangedEvent): void {
    if (event.notifications.length) this.alertNotifications$.next(event);
  }

  /** Replay requests made or moved (replays, after commit). */
  readonly replays$ = new Subject<ReplaysChangedEvent>();

  publishReplays(event: ReplaysChangedEvent): void {
    if (event.ids.length) this.replays$.next(event);
  }
}
