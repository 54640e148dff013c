import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type ConfigActorDto,
  type PendingChangeDto,
  type PendingChangeKind,
  type PendingChangeOp,
  type PendingChangesQuery,
} from '@closewatch/contracts/config-history';
import { type Page } from '@closewatch/contracts/pagination';
import { type AuditActor, AuditLog } from '../audit/audit-log.service';
import { Accepted } from '../common/accepted';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { secondPersonRefusal } from '../common/four-eyes';
import { decodeTimeIdCursor, toPage } from '../common/pagination';
import { isUuid } from '../common/uuid';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { diffConfig } from './config-diff';
import { type ApprovalFinish, type ChangeAuthors } from './config-versions.service';
import { changeById, type ChangeRow, decideChange, insertChange, listChanges } from './governance.queries';

/** A change that waits for a second admin; controllers answer it with 202 (AcceptedStatus). */
export class PendingChange extends Accepted<PendingChangeDto> {}

export interface ChangeToApply {
  op: PendingChangeOp;
  objectId: string;
  payload: unknown;
}

/**
 * How a feature applies an approved change: it writes it as it writes any change of its own
 * (validation, version, audit entry), and calls `finish` inside that transaction with the object
 * as it found it, which marks the change approved; if the object changed since the change was
 * asked for, or the change was decided meanwhile, `finish` throws and nothing is written.
 */
export interface ChangeApplier {
  apply(change: ChangeToApply, by: ChangeAuthors, finish: ApprovalFinish): Promise<void>;
  /** The payload as answers may show it (secrets masked); the payload itself when absent. */
  show?(payload: unknown): unknown;
}

export interface ChangeRequest {
  kind: PendingChangeKind;
  objectId: string;
  op: PendingChangeOp;
  /** The object as it is now (as its versions show it), null for a creation. */
  before: unknown;
  /** What to write when approved (null for a deletion). */
  payload: unknown;
  actor: AuditActor;
}

const actorOf = (id: string | null, email: string | null): ConfigActorDto | null => (id === null ? null : { kind: 'user', id, email });

/**
 * Four-eyes configuration (CLOSEWATCH_CONFIG_APPROVAL, docs/configuration-history.md): a change
 * an admin makes to a reconciliation, an alert route or a flow's materiality is kept here until
 * a second admin approves it (then the owning feature writes it) or someone rejects it. The
 * author can never approve their own change: the rule of dismissals above materiality.
 */
@Injectable()
export class PendingChanges {
  private readonly appliers = new Map<PendingChangeKind, ChangeApplier>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditLog,
  ) {}

  /** Each feature registers how its approved changes are applied (at construction). */
  register(kind: PendingChangeKind, applier: ChangeApplier): void {
    this.appliers.set(kind, applier);
  }

  /** Whether this actor's change must wait for a second admin: people's changes when approval is on (Closewatch's own, such as demo seeding, never wait). */
  required(actor: AuditActor): boolean {
    return this.config.configApproval && actor.kind === 'user';
  }

  /** Stores the change as pending (audited as `config_change.request`). */
  async propose(req: ChangeRequest): Promise<PendingChange> {
    if (req.actor.kind !== 'user' || !req.actor.id) throw new Error('only a person proposes a configuration change');
    const requestedBy = { id: req.actor.id, email: req.actor.email };
    const row = await this.ds.transaction(async (m) => {
      const inserted = await insertChange(m, { ...req, requestedBy, at: new Date() });
      await this.audit.append(m, {
        actor: req.actor,
        action: 'config_change.request',
        objectType: 'config_change',
        objectId: inserted.id,
        after: this.auditView(inserted),
      });
      return inserted;
    });
    return new PendingChange(this.toDto(row));
  }

  /** Applies the change through its feature; 403 for its own author, 409 once decided. */
  async approve(id: string, approver: AuditActor): Promise<PendingChangeDto> {
    const row = await this.pendingRow(id);
    const refusal = secondPersonRefusal(row.requested_by_id, approver.id ?? '', 'a configuration change');
    if (refusal) throw new ApiError(ApiErrorCode.Forbidden, refusal);
    const applier = this.appliers.get(row.kind);
    if (!applier) throw new Error(`no applier registered for ${row.kind} changes`);
    const author: AuditActor = { kind: 'user', id: row.requested_by_id, email: row.requested_by_email };
    let decided: ChangeRow | undefined;
    await applier.apply({ op: row.op, objectId: row.object_id, payload: row.payload }, { actor: author, approvedBy: approver }, async (m, found) => {
      // The payload replaces the whole object: applied over a later change, it would undo that change unseen.
      if (diffConfig(row.before, found).length > 0) {
        throw new ApiError(ApiErrorCode.Conflict, `${row.kind} ${row.object_id} changed since this change was asked for; reject it and ask again`);
      }
      decided = await this.decide(m, row.id, 'approved', approver, null);
    });
    return this.toDto(decided!);
  }

  /** Rejects the change (its author may withdraw it this way); 409 once decided. */
  async reject(id: string, by: AuditActor, note: string | null): Promise<PendingChangeDto> {
    const row = await this.pendingRow(id);
    return this.toDto(await this.ds.transaction((m) => this.decide(m, row.id, 'rejected', by, note)));
  }

  async get(id: string): Promise<PendingChangeDto> {
    return this.toDto(await this.row(id));
  }

  async list(q: PendingChangesQuery): Promise<Page<PendingChangeDto>> {
    const after = decodeTimeIdCursor(q.cursor);
    const rows = await listChanges(this.ds.manager, q.status, after, q.limit + 1);
    return toPage(
      rows,
      q.limit,
      (r) => this.toDto(r),
      (r) => [new Date(r.requested_at).toISOString(), r.id],
    );
  }

  private async decide(m: EntityManager, id: string, status: 'approved' | 'rejected', by: AuditActor, note: string | null): Promise<ChangeRow> {
    const decided = await decideChange(m, id, status, { id: by.id ?? '', email: by.email }, new Date(), note);
    if (!decided) throw new ApiError(ApiErrorCode.Conflict, `configuration change ${id} was decided meanwhile`);
    await this.audit.append(m, {
      actor: by,
      action: status === 'approved' ? 'config_change.approve' : 'config_change.reject',
      objectType: 'config_change',
      objectId: id,
      before: { status: 'pending' },
      after: { ...this.auditView(decided), note },
    });
    return decided;
  }

  private async row(id: string): Promise<ChangeRow> {
    const row = isUuid(id) ? await changeById(this.ds.manager, id) : undefined;
    if (!row) throw ApiError.notFound(`configuration change ${id}`);
    return row;
  }

  private async pendingRow(id: string): Promise<ChangeRow> {
    const row = await this.row(id);
    if (row.status !== 'pending') throw new ApiError(ApiErrorCode.Conflict, `configuration change ${id} is already ${row.status}`);
    return row;
  }

  private shown(r: ChangeRow): unknown {
    const show = this.appliers.get(r.kind)?.show;
    return r.payload === null ? null : show ? show(r.payload) : r.payload;
  }

  /** What the audit log keeps of a change: what and on which object, with the payload as answers show it. */
  private auditView(r: ChangeRow): Record<string, unknown> {
    return { kind: r.kind, objectId: r.object_id, op: r.op, status: r.status, after: this.shown(r) };
  }

  private toDto(r: ChangeRow): PendingChangeDto {
    const after = this.shown(r);
    return {
      id: r.id,
      kind: r.kind,
      objectId: r.object_id,
      op: r.op,
      status: r.status,
      before: r.before ?? null,
      after,
      changes: diffConfig(r.before, after),
      requestedBy: actorOf(r.requested_by_id, r.requested_by_email)!,
      requestedAt: new Date(r.requested_at).toISOString(),
      decidedBy: actorOf(r.decided_by_id, r.decided_by_email),
      decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
      note: r.note,
    };
  }
}
