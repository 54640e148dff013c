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
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { IncidentGroupingService } from '../incidents/incident-grouping.service';
import { LiveBus } from '../live/live-bus';
import { resolveAssignee } from './acting-users';
import { type Actor, appendHistory, type HistoryEntry } from './exception-history';
import { isUuid } from './exception-query';
import { ExceptionQueriesService } from './exception-queries.service';
import { decide, type WorkflowAction, type WorkflowState } from './exception-workflow';
import { loadFlowImpacts } from './flow-impacts';
import { dismissalNeedsApproval } from './severity';
import { inTransaction } from '../common/transaction-retry';

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

interface LockedRow {
  id: string;
  flow_id: string;
  status: ExceptionStatus;
  resolution_code: ResolutionCode | null;
  assignee_id: string | null;
  dismissal_reason: string | null;
  dismissal_requested_by: string | null;
  dismissal_approved_by: string | null;
  amount_at_risk: string | null;
  currency: string | null;
  incident_id: string | null;
}

const LOCK_COLUMNS = `id, flow_id, status, resolution_code, assignee_id, dismissal_reason, dismissal_requested_by, dismissal_approved_by,
  amount_at_risk::text as amount_at_risk, currency, incident_id`;

function stateOf(r: LockedRow): WorkflowState {
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
    private readonly incidents: IncidentGroupingService,
    private readonly queries: ExceptionQueriesService,
    private readonly bus: LiveBus,
  ) {}

  async act(id: string, command: Command, actor: UserActor): Promise<ExceptionDetailDto> {
    if (!isUuid(id)) throw ApiError.notFound(`exception ${id}`);
    const now = new Date();
    const incidentIds = await inTransaction(this.ds, async (m) => {
      const assignee = command.kind === 'assign' && command.assignee !== null ? await resolveAssignee(m, command.assignee) : null;
      const rows: LockedRow[] = await m.query(`select ${LOCK_COLUMNS} from exceptions where id = $1 for no key update`, [id]);
      const row = rows[0];
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
      const rows: LockedRow[] = valid.length ? await m.query(`select ${LOCK_COLUMNS} from exceptions where id = any($1::uuid[]) order by id for no key update`, [valid]) : [];
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
        throw ApiError.validation(problems, `${problems.length} of ${ids.length} exceptions cannot be ${body.action === 'assign' ? 'assigned' : `${body.action}d`}; nothing was changed`);
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

  async comment(id: string, text: string, actor: UserActor): Promise<ExceptionCommentDto> {
    if (!isUuid(id)) throw ApiError.notFound(`exception ${id}`);
    const now = new Date();
    const rows: { id: string; created_at: Date }[] = await this.ds.query(
      `insert into exception_comments (exception_id, author_id, author_label, text, created_at)
       select e.id, $2, $3, $4, $5 from exceptions e where e.id = $1
       returning id::text, created_at`,
      [id, actor.id, actor.email, text, now],
    );
    const row = rows[0];
    if (!row) throw ApiError.notFound(`exception ${id}`);
    this.bus.publishExceptions({ cause: 'comment', exceptionIds: [id], incidentIds: [], at: now.toISOString() });
    return { id: row.id, at: row.created_at.toISOString(), author: { kind: 'user', id: actor.id, email: actor.email }, text };
  }

  /** The state machine's action for a command; dismissals look up whether the amount needs four eyes. */
  private async actionFor(m: EntityManager, c: Command, actor: UserActor, rows: readonly LockedRow[], assigneeId: string | null): Promise<WorkflowAction> {
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
    rows: readonly LockedRow[],
    c: Command,
    action: ExceptionHistoryAction,
    actor: UserActor,
    now: Date,
    assigneeId: string | null,
  ): Promise<void> {
    const ids = rows.map((r) => r.id);
    const set = (assignments: string, params: unknown[] = []) =>
      m.query(`update exceptions set ${assignments}, updated_at = $2 where id = any($1::uuid[])`, [ids, now, ...params]);
    const hours = this.config.exceptionSlaHours;
    let reason: string | null = null;
    let details: Record<string, unknown> | null = null;
    let to: ExceptionStatus | null = null;
    switch (action) {
      case 'assigned':
      case 'unassigned':
        await set('assignee_id = $3', [assigneeId]);
        details = { assigneeId };
        if (c.kind === 'assign' && c.assignee !== null) details.assignee = c.assignee;
        break;
      case 'acknowledged':
        await set(`status = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3`, [actor.id]);
        reason = c.kind === 'acknowledge' ? (c.note ?? null) : null;
        to = 'acknowledged';
        break;
      case 'resolved': {
        if (c.kind !== 'resolve') throw new Error('resolve without a resolve command');
        await set(
          `status = 'resolved', resolved_at = $2, resolved_by = $3, resolution_code = $4, resolution_note = $5, closed_at = $2,
           dismissal_reason = null, dismissal_requested_at = null, dismissal_requested_by = null`,
          [actor.id, c.code, c.note ?? null],
        );
        reason = c.note ?? null;
        details = { code: c.code };
        to = 'resolved';
        break;
      }
      case 'dismissal_requested':
        if (c.kind !== 'dismiss') throw new Error('dismissal request without a dismiss command');
        await set(`dismissal_reason = $3, dismissal_requested_at = $2, dismissal_requested_by = $4`, [c.reason, actor.id]);
        reason = c.reason;
        details = { needsApproval: true };
        break;
      case 'dismissed':
        if (c.kind === 'dismiss') {
          await set(
            `status = 'dismissed', dismissal_reason = $3, dismissal_requested_at = $2, dismissal_requested_by = $4,
             dismissal_approved_at = null, dismissal_approved_by = null, dismissed_at = $2, closed_at = $2`,
            [c.reason, actor.id],
          );
          reason = c.reason;
        } else {
          await set(`status = 'dismissed', dismissal_approved_at = $2, dismissal_approved_by = $3, dismissed_at = $2, closed_at = $2`, [actor.id]);
          reason = rows[0]!.dismissal_reason;
          details = { approvedDismissalRequestedBy: rows[0]!.dismissal_requested_by };
        }
        to = 'dismissed';
        break;
      case 'dismissal_rejected':
        await set(`dismissal_reason = null, dismissal_requested_at = null, dismissal_requested_by = null`);
        reason = c.kind === 'reject_dismissal' ? (c.reason ?? null) : null;
        details = { rejectedReason: rows[0]!.dismissal_reason };
        break;
      case 'reopened':
        await set(
          `status = 'open', opened_at = $2,
           sla_due_at = $2::timestamptz + (case severity when 'critical' then $3::float8 when 'high' then $4::float8 when 'medium' then $5::float8 else $6::float8 end) * interval '1 hour',
           acknowledged_at = null, acknowledged_by = null, resolved_at = null, resolved_by = null, resolution_code = null, resolution_note = null,
           dismissal_reason = null, dismissal_requested_at = null, dismissal_requested_by = null, dismissal_approved_at = null,
           dismissal_approved_by = null, dismissed_at = null, closed_at = null`,
          [hours.critical, hours.high, hours.medium, hours.low],
        );
        reason = c.kind === 'reopen' ? (c.reason ?? null) : null;
        to = 'open';
        break;
      default:
        throw new Error(`no person makes the transition ${action}`);
    }
    const entries: HistoryEntry[] = rows.map((r) => ({ exceptionId: r.id, action, fromStatus: r.status, toStatus: to ?? r.status, reason, details }));
    await appendHistory(m, actor, now, entries);
  }
}
