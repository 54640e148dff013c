import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type BulkBody,
  type BulkResponse,
  type ExceptionCommentDto,
  type ExceptionDetailDto,
  type ExceptionHistoryAction,
  type ExceptionStatus,
  type ResolutionCode,
} from '@closewatch/contracts/exceptions';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { isUuid } from '../common/uuid';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { LiveBus } from '../live/live-bus';
import { resolveAssignee } from './acting-users';
import { type Actor, type HistoryEntry } from './exception-history';
import { ExceptionReadService } from './exception-read.service';
import { decide, type WorkflowAction, type WorkflowState } from './exception-workflow';
import {
  appendHistory,
  insertComment,
  loadFlowImpacts,
  lockForWorkflow,
  lockManyForWorkflow,
  lockOpenOfIncident,
  setTransition,
  type Transition,
  type WorkflowRow,
} from './exceptions.queries';
import { INCIDENT_GROUPING, type IncidentGrouping } from './incident-grouping.port';
import { dismissalNeedsApproval } from './severity';
import { inTransaction } from '../common/transaction-retry';
import { AuditLog } from '../audit/audit-log.service';

/** A signed-in user acting on exceptions. */
export type UserActor = Extract<Actor, { kind: 'user' }>;

/** What a person asks for, with its input. */
export type Command =
  | { kind: 'assign'; assignee: string | null }
  | { kind: 'acknowledge'; note?: string }
  | { kind: 'resolve'; code: ResolutionCode; note?: string | null }
  | { kind: 'dismiss'; reason: string }
  | { kind: 'approve_dismissal' }
  | { kind: 'reject_dismissal'; reason?: string }
  | { kind: 'reopen'; reason?: string };

function stateOf(r: WorkflowRow): WorkflowState {
  return {
    status: r.status,
    resolutionCode: r.resolution_code,
    assigneeId: r.assignee_id,
    dismissalRequestedBy: r.dismissal_requested_by,
    dismissalPending: r.dismissal_requested_by !== null && r.status !== 'dismissed',
    dismissalApprovedBy: r.dismissal_approved_by,
  };
}

/**
 * What people do to exceptions: assign, acknowledge, resolve, dismiss (four eyes above
 * materiality), approve or reject a dismissal, reopen, comment, and the same in bulk. Each
 * change locks its rows, is decided by the pure state machine (exception-workflow.ts), writes
 * the history entry in the same transaction, re-derives the incidents touched, and is published
 * on the LiveBus after commit. A transition the state machine refuses is a 409 (403 for a
 * dismissal approved by the person who asked); in bulk, a 400 naming every id that cannot.
 */
@Injectable()
export class ExceptionWorkflowService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(INCIDENT_GROUPING) private readonly incidents: IncidentGrouping,
    private readonly queries: ExceptionReadService,
    private readonly bus: LiveBus,
    private readonly audit: AuditLog,
  ) {}

  async act(id: string, command: Command, actor: UserActor): Promise<ExceptionDetailDto> {
    if (!isUuid(id)) throw ApiError.notFound(`exception ${id}`);
    const now = new Date();
    const incidentIds = await inTransaction(this.ds, async (m) => {
      const assignee = command.kind === 'assign' && command.assignee !== null ? await resolveAssignee(m, command.assignee) : null;
      const row = await lockForWorkflow(m, id);
      if (!row) throw ApiError.notFound(`exception ${id}`);
      const action = await this.actionFor(m, command, actor, [row], assignee?.id ?? null);
      const decision = decide(stateOf(row), action);
      if (!decision.ok) throw new ApiError(decision.error === 'forbidden' ? ApiErrorCode.Forbidden : ApiErrorCode.Conflict, decision.message);
      await this.apply(m, [row], command, decision.action!, actor, now, assignee?.id ?? null);
      await this.incidents.refresh(m, [row.incident_id]);
      return row.incident_id ? [row.incident_id] : [];
    });
    this.bus.publishExceptions({ cause: 'transition', exceptionIds: [id], incidentIds, at: now.toISOString() });
    return this.queries.get(id);
  }

  /** All or nothing: every id must exist and be able to make the transition, else nothing changes (400 naming them). */
  async bulk(body: BulkBody, actor: UserActor): Promise<BulkResponse> {
    const ids = [...new Set(body.ids)];
    const command: Command =
      body.action === 'assign'
        ? { kind: 'assign', assignee: body.assignee }
        : body.action === 'acknowledge'
          ? { kind: 'acknowledge', note: body.note }
          : { kind: 'resolve', code: body.code, note: body.note };
    const now = new Date();
    const changed = await inTransaction(this.ds, async (m) => {
      const assignee = command.kind === 'assign' && command.assignee !== null ? await resolveAssignee(m, command.assignee) : null;
      const valid = ids.filter(isUuid);
      const rows = valid.length ? await lockManyForWorkflow(m, valid) : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      const action = await this.actionFor(m, command, actor, rows, assignee?.id ?? null);
      const problems: { field: string; message: string }[] = [];
      let decided: ExceptionHistoryAction | null = null;
      body.ids.forEach((id, index) => {
        if (body.ids.indexOf(id) !== index) return; // a repeated id is one exception
        const row = byId.get(id);
        if (!row) {
          problems.push({ field: `ids[${index}]`, message: `${id}: no such exception` });
          return;
        }
        const decision = decide(stateOf(row), action);
        if (!decision.ok) problems.push({ field: `ids[${index}]`, message: `${id}: ${decision.message}` });
        else decided = decision.action;
      });
      if (problems.length) {
        throw ApiError.validation(
          problems,
          `${problems.length} of ${ids.length} exceptions cannot be ${body.action === 'assign' ? 'assigned' : `${body.action}d`}; nothing was changed`,
        );
      }
      await this.apply(m, rows, command, decided!, actor, now, assignee?.id ?? null);
      const incidentIds = [...new Set(rows.map((r) => r.incident_id).filter((x): x is string => x !== null))];
      await this.incidents.refresh(m, incidentIds);
      return { ids: rows.map((r) => r.id), incidentIds };
    });
    this.bus.publishExceptions({ cause: 'bulk', exceptionIds: changed.ids, incidentIds: changed.incidentIds, at: now.toISOString() });
    const items = await this.queries.byIds(ids);
    return { action: body.action, updated: changed.ids.length, items };
  }

  /**
   * Acknowledges an incident: every open exception of it, as one transition each (history
   * included), then the incident is re-derived (acknowledged) in the same transaction, which
   * tells its pages. Answers the exceptions acknowledged (none when none was open).
   */
  async acknowledgeIncident(incidentId: string, actor: UserActor, note?: string): Promise<string[]> {
    const now = new Date();
    const command: Command = { kind: 'acknowledge', note };
    const ids = await inTransaction(this.ds, async (m) => {
      const rows = await lockOpenOfIncident(m, incidentId);
      if (!rows.length) return [];
      await this.apply(m, rows, command, 'acknowledged', actor, now, null);
      await this.incidents.refresh(m, [incidentId]);
      return rows.map((r) => r.id);
    });
    if (ids.length) this.bus.publishExceptions({ cause: 'transition', exceptionIds: ids, incidentIds: [incidentId], at: now.toISOString() });
    return ids;
  }

  async comment(id: string, text: string, actor: UserActor): Promise<ExceptionCommentDto> {
    if (!isUuid(id)) throw ApiError.notFound(`exception ${id}`);
    const now = new Date();
    const row = await inTransaction(this.ds, async (m) => {
      const inserted = await insertComment(m, { exceptionId: id, authorId: actor.id, authorLabel: actor.email, text, at: now });
      if (!inserted) throw ApiError.notFound(`exception ${id}`);
      await this.audit.append(
        m,
        {
          actor: { kind: 'user', id: actor.id, email: actor.email },
          action: 'exception.comment',
          objectType: 'exception',
          objectId: id,
          after: { commentId: inserted.id, text },
        },
        now,
      );
      return inserted;
    });
    this.bus.publishExceptions({ cause: 'comment', exceptionIds: [id], incidentIds: [], at: now.toISOString() });
    return { id: row.id, at: row.created_at.toISOString(), author: { kind: 'user', id: actor.id, email: actor.email }, text };
  }

  /** The state machine's action for a command; dismissals look up whether the amount needs four eyes. */
  private async actionFor(m: EntityManager, c: Command, actor: UserActor, rows: readonly WorkflowRow[], assigneeId: string | null): Promise<WorkflowAction> {
    switch (c.kind) {
      case 'assign':
        return { kind: 'assign', assigneeId };
      case 'acknowledge':
        return { kind: 'acknowledge' };
      case 'resolve':
        return { kind: 'resolve', code: c.code };
      case 'dismiss': {
        const row = rows[0]!;
        const flows = await loadFlowImpacts(m, [row.flow_id]);
        const needsApproval = dismissalNeedsApproval(row.amount_at_risk, row.currency, flows.get(row.flow_id)?.materiality ?? null);
        return { kind: 'dismiss', actorId: actor.id, needsApproval };
      }
      case 'approve_dismissal':
        return { kind: 'approve_dismissal', actorId: actor.id };
      case 'reject_dismissal':
        return { kind: 'reject_dismissal' };
      case 'reopen':
        return { kind: 'reopen' };
    }
  }

  /** Writes one decided transition to the rows (all in the same state for it) and its history. */
  private async apply(
    m: EntityManager,
    rows: readonly WorkflowRow[],
    c: Command,
    action: ExceptionHistoryAction,
    actor: UserActor,
    now: Date,
    assigneeId: string | null,
  ): Promise<void> {
    const ids = rows.map((r) => r.id);
    const set = (transition: Transition, values: unknown[] = []) => setTransition(m, ids, now, transition, values);
    const hours = this.config.exceptionSlaHours;
    let reason: string | null = null;
    let details: Record<string, unknown> | null = null;
    let to: ExceptionStatus | null = null;
    switch (action) {
      case 'assigned':
      case 'unassigned':
        await set('assign', [assigneeId]);
        details = { assigneeId };
        if (c.kind === 'assign' && c.assignee !== null) details.assignee = c.assignee;
        break;
      case 'acknowledged':
        await set('acknowledge', [actor.id]);
        reason = c.kind === 'acknowledge' ? (c.note ?? null) : null;
        to = 'acknowledged';
        break;
      case 'resolved': {
        if (c.kind !== 'resolve') throw new Error('resolve without a resolve command');
        await set('resolve', [actor.id, c.code, c.note ?? null]);
        reason = c.note ?? null;
        details = { code: c.code };
        to = 'resolved';
        break;
      }
      case 'dismissal_requested':
        if (c.kind !== 'dismiss') throw new Error('dismissal request without a dismiss command');
        await set('requestDismissal', [c.reason, actor.id]);
        reason = c.reason;
        details = { needsApproval: true };
        break;
      case 'dismissed':
        if (c.kind === 'dismiss') {
          await set('dismiss', [c.reason, actor.id]);
          reason = c.reason;
        } else {
          await set('approveDismissal', [actor.id]);
          reason = rows[0]!.dismissal_reason;
          details = { approvedDismissalRequestedBy: rows[0]!.dismissal_requested_by };
        }
        to = 'dismissed';
        break;
      case 'dismissal_rejected':
        await set('rejectDismissal');
        reason = c.kind === 'reject_dismissal' ? (c.reason ?? null) : null;
        details = { rejectedReason: rows[0]!.dismissal_reason };
        break;
      case 'reopened':
        await set('reopen', [hours.critical, hours.high, hours.medium, hours.low]);
        reason = c.kind === 'reopen' ? (c.reason ?? null) : null;
        to = 'open';
        break;
      case 'created':
      case 'severity_changed':
      case 'auto_resolved':
        throw new Error(`no person makes the transition ${action}`);
    }
    const entries: HistoryEntry[] = rows.map((r) => ({ exceptionId: r.id, action, fromStatus: r.status, toStatus: to ?? r.status, reason, details }));
    await appendHistory(m, actor, now, entries);
    // The audit entry of each transition, in the same transaction as the change and its history.
    await this.audit.appendMany(
      m,
      rows.map((r) => ({
        actor: { kind: 'user', id: actor.id, email: actor.email },
        action: `exception.${action}`,
        objectType: 'exception',
        objectId: r.id,
        before: { status: r.status, assigneeId: r.assignee_id },
        after: { status: to ?? r.status, assigneeId: action === 'assigned' || action === 'unassigned' ? assigneeId : r.assignee_id, reason, details },
      })),
      now,
    );
  }
}
