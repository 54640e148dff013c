import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Page } from '@closewatch/contracts/pagination';
import {
  type IncidentReplayPreviewDto,
  type IncidentReplayResponse,
  type ReplayDecisionResponse,
  type ReplayOutcomeBody,
  type ReplayRequestDto,
  type ReplaySeriesResponse,
  type ReplayStatus,
} from '@closewatch/contracts/replays';
import { type EndedReplayDelivery, enqueueReplayDelivery, type ReplayDeliveryListener } from '../alerts/delivery/replay-deliveries.port';
import { actorOf, AuditLog, SYSTEM_ACTOR } from '../audit/audit-log.service';
import { type RequestPrincipal } from '../auth/principal';
import { afterCommit, installAfterCommit } from '../common/after-commit';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { decodeTimeIdCursor, toPage } from '../common/pagination';
import { seriesSteps } from '../common/series-steps';
import { inTransaction } from '../common/transaction-retry';
import { isUuid } from '../common/uuid';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { LiveBus } from '../live/live-bus';
import { CatalogService } from '../flows/catalog.service';
import { replayWebhookBody, outcomeOfHop, whyNotReplayable } from './replay-rules';
import { replaySeries } from './replay-series';
import { bulkReplayApproval } from './bulk-replay-approval';
import {
  type CandidateRow,
  decide,
  decisiveHops,
  dueForExpiry,
  incidentExists,
  insertReplay,
  lastHop,
  listReplays,
  lockCandidate,
  incidentCandidates,
  lockPendingBatch,
  markSent,
  receiverKinds,
  replayCounts,
  replaysByIds,
  type ReplayListFilters,
  type ReplayRow,
  setNotification,
  settle,
  tryReplayLock,
} from './replays.queries';

/** The actor the replay pass resolves exceptions as. */
export const REPLAY_ACTOR = 'closewatch-replays';
/** Requests one pass settles at most per step; a backlog is worked off over several passes. */
const PASS_BATCH = 500;

type User = Extract<RequestPrincipal, { kind: 'user' }>;

export function toReplayDto(r: ReplayRow): ReplayRequestDto {
  return {
    id: r.id,
    exceptionId: r.exception_id,
    incidentId: r.incident_id,
    flow: r.flow_id,
    recordKey: r.record_key,
    recordType: r.record_type,
    status: r.status,
    receiver: r.receiver,
    requestedBy: { id: r.requested_by, email: r.requested_by_email },
    requestedAt: r.requested_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    note: r.note,
    attempts: Number(r.attempts),
    outcome:
      r.outcome_at && r.outcome_source && (r.status === 'succeeded' || r.status === 'failed' || r.status === 'expired')
        ? { status: r.status, source: r.outcome_source, message: r.outcome_message, at: r.outcome_at.toISOString(), hopId: r.outcome_hop_id }
        : null,
    approval: r.approval_batch_id
      ? {
          batchId: r.approval_batch_id,
          decision: r.decision,
          decidedBy: r.decided_by_email ? { id: r.decided_by, email: r.decided_by_email } : null,
          decidedAt: r.decided_at?.toISOString() ?? null,
        }
      : null,
  };
}

/** The failed records of an incident a bulk replay covers: delivery failures with a record key and no replay waiting. */
const replayableFailures = (rows: readonly CandidateRow[]) => rows.filter((r) => r.type === 'delivery_failure' && r.record_key && !r.active_request_id);

/** What a pass did. */
export interface ReplayPassReport {
  claimed: boolean;
  succeeded: number;
  failed: number;
  expired: number;
}

/**
 * Replay requests (docs/replays.md): creates them for delivery failures (one exception, or every
 * failed record of an incident), hands each to the alerts outbox in the same transaction (signed,
 * one delivery id, retried), and follows it: `sent` on the middleware's 2xx, `succeeded` when the
 * record is posted afterwards (the exception resolved `replayed`), `failed` when the middleware
 * says so, the delivery gives up or the record fails again, `expired` past
 * CLOSEWATCH_REPLAY_EXPIRY_MINUTES. The pass runs in the sync-health tick, before its intake, so
 * a replayed posting resolves its exception as `replayed` rather than as a plain posting.
 */
@Injectable()
export class ReplaysService implements ReplayDeliveryListener {
  private readonly logger = new Logger('replays');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalog: CatalogService,
    private readonly exceptions: ExceptionsService,
    private readonly audit: AuditLog,
    private readonly bus: LiveBus,
  ) {
    installAfterCommit(ds);
  }

  /** Tells the dashboard (after commit) which requests were made or moved. */
  private changed(rows: readonly { id: string; exception_id: string }[]): void {
    this.bus.publishReplays({ ids: rows.map((r) => r.id), exceptionIds: [...new Set(rows.map((r) => r.exception_id))] });
  }

  async replayException(exceptionId: string, note: string | null | undefined, user: User): Promise<ReplayRequestDto> {
    if (!isUuid(exceptionId)) throw ApiError.notFound(`exception ${exceptionId}`);
    const ids = await inTransaction(this.ds, async (m) => {
      const row = await lockCandidate(m, exceptionId);
      if (!row) throw ApiError.notFound(`exception ${exceptionId}`);
      return this.create(m, [row], note ?? null, user);
    });
    const [dto] = await this.byIds(ids);
    this.changed([{ id: dto!.id, exception_id: dto!.exceptionId }]);
    return dto!;
  }

  /**
   * Replays every failed record of the incident: its open or acknowledged delivery failures with a
   * record key and no replay already waiting. 409 naming why when there is none, or when a flow of
   * them has no usable replay receiver (nothing is requested then). Above a flow's materiality
   * (bulkReplayApproval) the requests wait as `pending_approval` for a second person.
   */
  async replayIncident(incidentId: string, note: string | null | undefined, user: User): Promise<IncidentReplayResponse> {
    if (!isUuid(incidentId)) throw ApiError.notFound(`incident ${incidentId}`);
    const { ids, pendingApproval } = await inTransaction(this.ds, async (m) => {
      if (!(await incidentExists(m, incidentId))) throw ApiError.notFound(`incident ${incidentId}`);
      const failures = replayableFailures(await incidentCandidates(m, incidentId));
      if (!failures.length) {
        throw new ApiError(
          ApiErrorCode.Conflict,
          `incident ${incidentId} has no failed record to replay: replays need an open delivery failure with a record key and no replay already waiting`,
        );
      }
      const approval = await this.approvalOf(m, failures);
      const batchId = approval.needsApproval ? randomUUID() : null;
      return { ids: await this.create(m, failures, note ?? null, user, batchId, approval.reasons), pendingApproval: approval.needsApproval };
    });
    const items = await this.byIds(ids);
    this.changed(items.map((r) => ({ id: r.id, exception_id: r.exceptionId })));
    return { requested: items.length, pendingApproval, items };
  }

  /** What the incident's Replay would ask for now: how many records, their amounts per currency, whether it needs approval. */
  async previewIncident(incidentId: string): Promise<IncidentReplayPreviewDto> {
    if (!isUuid(incidentId) || !(await incidentExists(this.ds.manager, incidentId))) throw ApiError.notFound(`incident ${incidentId}`);
    const failures = replayableFailures(await incidentCandidates(this.ds.manager, incidentId, false));
    return { count: failures.length, ...(await this.approvalOf(this.ds.manager, failures)) };
  }

  /** Whether replaying these failures together needs a second person: the dismissal rule on each flow's totals. */
  private async approvalOf(m: EntityManager, failures: readonly CandidateRow[]) {
    return bulkReplayApproval(failures, await this.exceptions.approvalRule(m, [...new Set(failures.map((f) => f.flow_id))]));
  }

  /**
   * Approves (a second person: never the one who asked, 403) or rejects (anyone who may ask,
   * the requester too) the bulk replay the request belongs to. Approved, its requests are handed
   * to the outbox in the same transaction; 409 when it no longer waits for approval.
   */
  async decide(id: string, decision: 'approved' | 'rejected', user: User): Promise<ReplayDecisionResponse> {
    if (!isUuid(id)) throw ApiError.notFound(`replay request ${id}`);
    await this.get(id);
    const ids = await inTransaction(this.ds, async (m) => {
      const batch = await lockPendingBatch(m, id);
      if (!batch.length) throw new ApiError(ApiErrorCode.Conflict, `replay request ${id} is not waiting for approval`);
      if (decision === 'approved' && batch.some((r) => r.requested_by === user.userId)) {
        throw new ApiError(ApiErrorCode.Forbidden, 'a bulk replay above materiality must be approved by a second person, not the one who asked for it');
      }
      const now = new Date();
      await decide(
        m,
        batch.map((r) => r.id),
        { decision, by: user.userId, email: user.email, at: now, expiresAt: this.expiresAt(now) },
      );
      if (decision === 'approved')
        for (const r of batch) await this.dispatch(m, r.id, r.exception_id, r.flow_id, r.record_key, r.receiver, r.requested_by_email, now);
      await this.audit.appendMany(
        m,
        batch.map((r) => ({
          actor: actorOf(user),
          action: decision === 'approved' ? 'replay.approved' : 'replay.rejected',
          objectType: 'replay_request',
          objectId: r.id,
          before: { status: 'pending_approval' },
          after: { status: decision === 'approved' ? 'requested' : 'rejected', batchId: r.approval_batch_id, requestedBy: r.requested_by_email },
        })),
        now,
      );
      return batch.map((r) => r.id);
    });
    const items = await this.byIds(ids);
    this.changed(items.map((r) => ({ id: r.id, exception_id: r.exceptionId })));
    return { decided: items.length, items };
  }

  async list(q: ReplayListFilters & { limit: number; cursor?: string }): Promise<Page<ReplayRequestDto>> {
    if (q.exceptionId !== undefined && !isUuid(q.exceptionId)) throw ApiError.field('exceptionId', 'is not an exception id');
    const key = decodeTimeIdCursor(q.cursor);
    const { cursor: _cursor, limit, ...filters } = q;
    const rows = await listReplays(this.ds.manager, { ...filters, after: key, limit: limit + 1 });
    return toPage(rows, q.limit, toReplayDto, (r) => [r.requested_at.toISOString(), r.id]);
  }

  /** Requests made per step over the window, by where they stand now, and the share of settled ones that succeeded. */
  async series(q: { flow?: string; windowSeconds: number; stepSeconds: number }, now = new Date()): Promise<ReplaySeriesResponse> {
    const steps = seriesSteps(now, q.windowSeconds, q.stepSeconds);
    const rows = await replayCounts(this.ds.manager, { flow: q.flow, start: steps.start, end: steps.end, stepSeconds: q.stepSeconds });
    return { flow: q.flow ?? null, windowSeconds: q.windowSeconds, stepSeconds: q.stepSeconds, ...replaySeries(steps, q.stepSeconds, rows) };
  }

  async get(id: string): Promise<ReplayRequestDto> {
    if (!isUuid(id)) throw ApiError.notFound(`replay request ${id}`);
    const [dto] = await this.byIds([id]);
    if (!dto) throw ApiError.notFound(`replay request ${id}`);
    return dto;
  }

  /** The middleware's answer (an ingest key with scope `replays`); a request already settled answers 409. */
  async outcome(id: string, body: ReplayOutcomeBody, key: Extract<RequestPrincipal, { kind: 'ingest' }>): Promise<ReplayRequestDto> {
    const current = await this.get(id);
    const message = body.message ?? null;
    const now = new Date();
    const moved = await inTransaction(this.ds, async (m) => {
      const rows = await settle(
        m,
        [{ id, status: body.status, source: 'middleware', message: message ?? `reported by ingest key ${key.name}`, hopId: null }],
        now,
      );
      await this.audit.appendMany(m, settledEntries(rows, actorOf(key), 'middleware', message), now);
      return rows;
    });
    if (!moved.length) {
      const after = await this.get(id);
      throw new ApiError(ApiErrorCode.Conflict, `replay request ${id} is already ${after.status}: its outcome is settled`);
    }
    this.changed(moved);
    if (body.status === 'succeeded') await this.resolveExceptions([{ id, exception_id: current.exceptionId }], `reported by the middleware`);
    return this.get(id);
  }

  /** The outbox's report, in its transaction: a 2xx makes the request `sent`; a delivery given up fails it. */
  async deliveriesEnded(m: EntityManager, deliveries: readonly EndedReplayDelivery[]): Promise<void> {
    const sent = await markSent(
      m,
      deliveries.filter((d) => d.status === 'delivered').map((d) => ({ id: d.replay_request_id, at: d.delivered_at ?? new Date() })),
    );
    const failed = await settle(
      m,
      deliveries
        .filter((d) => d.status === 'failed')
        .map((d) => ({ id: d.replay_request_id, status: 'failed' as const, source: 'delivery' as const, message: d.last_error, hopId: null })),
      new Date(),
    );
    await this.audit.appendMany(m, [
      ...sent.map((r) => ({ actor: SYSTEM_ACTOR, action: 'replay.sent', objectType: 'replay_request', objectId: r.id, after: { status: 'sent' } })),
      ...settledEntries(failed, SYSTEM_ACTOR, 'delivery', null),
    ]);
    const moved = [...sent, ...failed];
    if (moved.length) afterCommit(m, () => this.changed(moved));
  }

  /**
   * One pass (claimed once across replicas with an advisory lock): settles waiting requests whose
   * record was posted (exception resolved `replayed`) or failed again since, then expires those
   * past their expiry at `now` (tests pass their own clock).
   */
  async pass(now: Date = new Date()): Promise<ReplayPassReport> {
    const report: ReplayPassReport = { claimed: false, succeeded: 0, failed: 0, expired: 0 };
    const settled = await this.ds.transaction(async (m) => {
      if (!(await tryReplayLock(m))) return null;
      const hops = await decisiveHops(m, PASS_BATCH);
      const moved = await settle(
        m,
        hops.map((h) => {
          const status = outcomeOfHop(h);
          return {
            id: h.id,
            status,
            source: status === 'succeeded' ? ('posting' as const) : ('failure' as const),
            message: status === 'succeeded' ? `record posted (hop ${h.hop_id})` : (h.error ?? `record ${h.stage} again`),
            hopId: h.hop_id,
          };
        }),
        now,
      );
      const expiring = await dueForExpiry(m, now, PASS_BATCH);
      const expired = await settle(
        m,
        expiring.map((r) => ({
          id: r.id,
          status: 'expired' as const,
          source: 'expiry' as const,
          message: `no outcome within ${this.config.replays.expiryMinutes} minutes`,
          hopId: null,
        })),
        now,
      );
      await this.audit.appendMany(
        m,
        [...settledEntries(moved, SYSTEM_ACTOR, 'telemetry', null), ...settledEntries(expired, SYSTEM_ACTOR, 'expiry', null)],
        now,
      );
      return { moved, expired };
    });
    if (!settled) return report;
    report.claimed = true;
    const succeeded = settled.moved.filter((r) => r.status === 'succeeded');
    report.succeeded = succeeded.length;
    report.failed = settled.moved.length - succeeded.length;
    report.expired = settled.expired.length;
    this.changed([...settled.moved, ...settled.expired]);
    // After the requests commit: a crash here leaves the exception open, and the posting still resolves it (as a posting).
    await this.resolveExceptions(succeeded, 'its record was posted again');
    if (settled.moved.length || settled.expired.length) this.logger.log({ msg: 'replay pass', ...report });
    return report;
  }

  private async resolveExceptions(requests: readonly { id: string; exception_id: string }[], why: string): Promise<void> {
    await this.exceptions.resolveReplayed(
      requests.map((r) => ({ exceptionId: r.exception_id, replayRequestId: r.id, note: `replayed by replay request ${r.id}: ${why}` })),
      { actor: REPLAY_ACTOR },
    );
  }

  private expiresAt(now: Date): Date {
    return new Date(now.getTime() + this.config.replays.expiryMinutes * 60_000);
  }

  /**
   * Creates the requests; 409 naming the first exception that cannot be replayed. Without a
   * `batchId` each is handed to the outbox at once; with one they wait (`pending_approval`) for
   * a second person, audited `replay.approval_requested` with `reasons`.
   */
  private async create(
    m: EntityManager,
    rows: readonly CandidateRow[],
    note: string | null,
    user: User,
    batchId: string | null = null,
    reasons: readonly string[] = [],
  ): Promise<string[]> {
    const flows = new Map<string, string | null>();
    for (const r of rows) if (!flows.has(r.flow_id)) flows.set(r.flow_id, (await this.catalog.flow(r.flow_id))?.replay?.receiver ?? null);
    const kinds = await receiverKinds(m, [...new Set([...flows.values()].filter((x): x is string => x !== null))]);
    for (const r of rows) {
      const receiver = flows.get(r.flow_id) ?? null;
      const why = whyNotReplayable(r, receiver, receiver ? (kinds.get(receiver) ?? null) : null);
      if (why) throw new ApiError(ApiErrorCode.Conflict, why);
    }
    const now = new Date();
    const expiresAt = this.expiresAt(now);
    const ids: string[] = [];
    const audited: Parameters<AuditLog['appendMany']>[1][number][] = [];
    for (const r of rows) {
      const id = randomUUID();
      const hop = await lastHop(m, r.flow_id, r.record_key!);
      const receiver = flows.get(r.flow_id)!;
      await insertReplay(m, {
        id,
        exceptionId: r.id,
        incidentId: r.incident_id,
        flowId: r.flow_id,
        recordKey: r.record_key!,
        recordType: hop.record_type,
        receiver,
        requestedBy: user.userId,
        requestedByEmail: user.email,
        requestedAt: now,
        expiresAt,
        note,
        approvalBatchId: batchId,
      });
      if (!batchId) await this.dispatch(m, id, r.id, r.flow_id, r.record_key!, receiver, user.email, now);
      audited.push({
        actor: actorOf(user),
        action: batchId ? 'replay.approval_requested' : 'replay.requested',
        objectType: 'replay_request',
        objectId: id,
        after: {
          exceptionId: r.id,
          flow: r.flow_id,
          recordKey: r.record_key!,
          receiver,
          note,
          ...(batchId ? { status: 'pending_approval', batchId, reasons } : { expiresAt: expiresAt.toISOString() }),
        },
      });
      ids.push(id);
    }
    await this.audit.appendMany(m, audited, now);
    return ids;
  }

  /** Hands a request to the outbox: the webhook body with the record's latest hop, stored with its notification. */
  private async dispatch(
    m: EntityManager,
    id: string,
    exceptionId: string,
    flow: string,
    recordKey: string,
    receiver: string,
    requestedBy: string,
    now: Date,
  ): Promise<void> {
    const hop = await lastHop(m, flow, recordKey);
    const payload = replayWebhookBody({
      id,
      exceptionId,
      flow,
      recordKey,
      recordType: hop.record_type,
      lastHop: { system: hop.system, stage: hop.stage, error: hop.error },
      requestedBy,
      publicUrl: this.config.alerts.publicUrl,
    });
    await setNotification(m, id, await enqueueReplayDelivery(m, { replayRequestId: id, receiver, payload, now }));
  }

  private async byIds(ids: readonly string[]): Promise<ReplayRequestDto[]> {
    return (await replaysByIds(this.ds.manager, ids)).map(toReplayDto);
  }
}

/** Audit entries of requests that reached an outcome: `replay.succeeded`, `replay.failed` or `replay.expired`, saying what decided it. */
function settledEntries(
  rows: readonly { id: string; exception_id: string; status: ReplayStatus }[],
  actor: ReturnType<typeof actorOf>,
  decidedBy: 'middleware' | 'delivery' | 'telemetry' | 'expiry',
  message: string | null,
) {
  return rows.map((r) => ({
    actor,
    action: `replay.${r.status}`,
    objectType: 'replay_request',
    objectId: r.id,
    after: { status: r.status, exceptionId: r.exception_id, decidedBy, message },
  }));
}
