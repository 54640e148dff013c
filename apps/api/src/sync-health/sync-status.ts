import { type FlowSloDto } from '@closewatch/contracts/catalog';
import { type SourceActivity, silencePastThreshold } from './source-silence';
import { FLOW_SYNC_STATUSES, type FlowSyncStatus, type HealthReasonDto, type SyncMeasuresDto } from '@closewatch/contracts/sync-health';

/** At or above this share of hops in error over the window, a flow is failing. */
export const FAILING_ERROR_RATE = 0.5;
/** Above this share of deliveries being duplicates, a flow is degraded (some retrying is normal). */
export const DEGRADED_DUPLICATE_RATE = 0.05;

export interface BatchStatusInput {
  /** The latest finished run, when it failed. */
  lastRunFailed: { runId: string; at: Date; entity: string | null } | null;
  /** Entities whose latest expected run (grace passed) did not start and which have had no successful run since. */
  overdue: { entity: string | null; expectedAt: Date }[];
  missedInWindow: number;
  failedRunsInWindow: number;
}

export interface StatusInput {
  now: Date;
  slo: FlowSloDto;
  measures: Pick<
    SyncMeasuresDto,
    'hops' | 'errors' | 'errorRate' | 'duplicateRate' | 'deadLetters' | 'inFlight' | 'lagSeconds' | 'lastPostedAt' | 'recordsPosted' | 'windowSeconds'
  >;
  /** Flows with an expected schedule; null for the others. */
  batch: BatchStatusInput | null;
  /** Event flows with a silence threshold: when their source was last heard from; absent for the others. */
  source?: SourceActivity | null;
}

export interface StatusResult {
  status: FlowSyncStatus;
  reason: string;
  reasons: HealthReasonDto[];
}

/**
 * The status of a flow against its SLO, with every reason found, worst first:
 * - `failing`: at least half of the window's hops are errors; or the latest finished run failed;
 * - `stale`: the data is not refreshed when it should be: a batch flow's latest expected run
 *   (past its grace period) did not start and no run has succeeded since; an event flow has
 *   records in flight past maxLagSeconds and nothing was posted for longer than maxLagSeconds;
 *   an event flow with maxSilenceSeconds had no hop (any stage) for longer than that (source_silent);
 * - `degraded`: records in flight past the SLO, lag p95 above the SLO, errors or dead letters in
 *   the window, more than 5% duplicate deliveries, missed or failed runs in the window;
 * - `healthy`: none of these (with "no activity" when nothing happened in the window).
 */
export function flowStatus(input: StatusInput): StatusResult {
  const { measures: m, slo, now, batch } = input;
  const maxLag = slo.maxLagSeconds;
  const reasons: HealthReasonDto[] = [];
  const add = (status: FlowSyncStatus, code: HealthReasonDto['code'], message: string) => reasons.push({ status, code, message });

  if (m.hops > 0 && m.errors > 0 && m.errorRate >= FAILING_ERROR_RATE) {
    add('failing', 'error_rate_high', `${m.errors} of ${m.hops} hops failed in the window (${percent(m.errorRate)})`);
  }
  if (batch?.lastRunFailed) {
    const r = batch.lastRunFailed;
    add('failing', 'last_run_failed', `the last run ${r.runId}${r.entity ? ` (${r.entity})` : ''} failed at ${r.at.toISOString()}`);
  }

  for (const o of batch?.overdue ?? []) {
    add(
      'stale',
      'no_successful_run_since_expected',
      `no run started for the run expected at ${o.expectedAt.toISOString()}${o.entity ? ` for ${o.entity}` : ''} (grace ${duration(slo.graceSeconds)}) and none succeeded since`,
    );
  }
  const silence = input.source ? silencePastThreshold(slo, input.source, now) : null;
  if (silence) {
    const last = silence.lastHopAt
      ? `the last hop was at ${silence.lastHopAt.toISOString()}`
      : `no hop since the flow was created at ${silence.since.toISOString()}`;
    add('stale', 'source_silent', `no hop for ${duration(silence.seconds)}, past the threshold of ${duration(silence.thresholdSeconds)}; ${last}`);
  }
  if (!batch && m.inFlight.pastSlo > 0) {
    const since = m.lastPostedAt ? secondsBetween(new Date(m.lastPostedAt), now) : null;
    if (since === null || since > maxLag) {
      add(
        'stale',
        'no_posting_while_delayed',
        `${since === null ? 'nothing ever posted' : `nothing posted for ${duration(since)}`} while ${m.inFlight.pastSlo} ${plural(m.inFlight.pastSlo, 'record')} ${m.inFlight.pastSlo === 1 ? 'waits' : 'wait'} past the SLO of ${duration(maxLag)}`,
      );
    }
  }

  if (m.inFlight.pastSlo > 0) {
    add(
      'degraded',
      'in_flight_past_slo',
      `${m.inFlight.pastSlo} ${plural(m.inFlight.pastSlo, 'record')} in flight past the SLO of ${duration(maxLag)} (oldest ${duration(m.inFlight.oldestAgeSeconds ?? 0)})`,
    );
  }
  if (m.lagSeconds.p95 !== null && m.lagSeconds.p95 > maxLag) {
    add('degraded', 'lag_above_slo', `lag p95 ${duration(m.lagSeconds.p95)} is above the SLO of ${duration(maxLag)}`);
  }
  if (m.errors > 0 && m.errorRate < FAILING_ERROR_RATE) {
    add('degraded', 'errors_in_window', `${m.errors} of ${m.hops} hops failed in the window (${percent(m.errorRate)})`);
  }
  if (m.deadLetters > 0) add('degraded', 'dead_letters', `${m.deadLetters} ${plural(m.deadLetters, 'record')} dead-lettered in the window`);
  if (m.duplicateRate !== null && m.duplicateRate > DEGRADED_DUPLICATE_RATE) {
    add('degraded', 'duplicates_high', `${percent(m.duplicateRate)} of deliveries were duplicates`);
  }
  if (batch && batch.missedInWindow > 0) {
    add('degraded', 'missed_runs', `${batch.missedInWindow} expected ${plural(batch.missedInWindow, 'run')} missed in the window`);
  }
  if (batch && batch.failedRunsInWindow > 0 && !batch.lastRunFailed) {
    add('degraded', 'failed_runs', `${batch.failedRunsInWindow} ${plural(batch.failedRunsInWindow, 'run')} failed in the window`);
  }

  if (reasons.length === 0) {
    const idle = m.hops === 0 && m.recordsPosted === 0 && m.inFlight.count === 0;
    if (idle) add('healthy', 'no_activity', 'no activity in the window');
    else if (m.lagSeconds.p95 !== null) add('healthy', 'within_slo', `lag p95 ${duration(m.lagSeconds.p95)} within the SLO of ${duration(maxLag)}`);
    else add('healthy', 'within_slo', `within the SLO of ${duration(maxLag)}`);
  }

  const rank = (s: FlowSyncStatus) => FLOW_SYNC_STATUSES.indexOf(s);
  const sorted = reasons
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r.status) - rank(b.r.status) || a.i - b.i)
    .map((x) => x.r);
  const worst = sorted[0]!;
  return { status: worst.status, reason: worst.message, reasons: sorted };
}

function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, (to.getTime() - from.getTime()) / 1000);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

/** 42s, 15m, 2h 5m, 3d 4h: coarse and readable. */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}
