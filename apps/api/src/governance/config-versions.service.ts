import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type ConfigActorDto,
  type ConfigDiffDto,
  type ConfigKind,
  type ConfigVersionDto,
  type ConfigVersionListDto,
} from '@closewatch/contracts/config-history';
import { type AuditActor, AuditLog } from '../audit/audit-log.service';
import { ApiError } from '../common/api-error';
import { diffConfig } from './config-diff';
import { insertVersion, lastVersion, listVersions, lockVersions, type VersionRow, versionsOf } from './governance.queries';

/** Who made a change, and the second admin who approved it when it waited for one. */
export interface ChangeAuthors {
  actor: AuditActor;
  approvedBy?: AuditActor | null;
}

/** What runs last in the transaction of an approved change, given the object as the change found it (refuses a stale change, marks it approved). */
export type ApprovalFinish = (m: EntityManager, found: unknown) => Promise<void>;

/** What a writer records: the object after the change (null when deleted) and before it (null when new). */
export interface ConfigChange extends ChangeAuthors {
  kind: ConfigKind;
  objectId: string;
  before: unknown;
  after: unknown;
}

/** A change with its audit entry: action and object type, and the views the entry keeps when they differ from the versions'. */
export interface AuditedConfigChange extends ConfigChange {
  action: string;
  objectType: string;
  audited?: { before: unknown; after: unknown };
}

const SYSTEM: ConfigActorDto = { kind: 'system', id: null, email: null };

const actorOfRow = (kind: ConfigActorDto['kind'], id: string | null, email: string | null): ConfigActorDto => ({ kind, id, email });

function toDto(r: VersionRow): ConfigVersionDto {
  return {
    kind: r.kind,
    objectId: r.object_id,
    version: r.version,
    op: r.op,
    at: new Date(r.at).toISOString(),
    actor: actorOfRow(r.actor_kind, r.actor_id, r.actor_email),
    approvedBy: r.approved_by_id === null && r.approved_by_email === null ? null : actorOfRow('user', r.approved_by_id, r.approved_by_email),
    snapshot: r.snapshot ?? null,
  };
}

/**
 * Every version of governed configuration (docs/configuration-history.md), written by the
 * feature that owns the object in the transaction of its change, and the diff of two versions.
 */
@Injectable()
export class ConfigVersions {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Records the version and then the audit entry of a change (writers append last), then `finish` (an approval), all in the caller's transaction. */
  async recordAudited(m: EntityManager, c: AuditedConfigChange, finish?: ApprovalFinish): Promise<void> {
    await this.record(m, c);
    const { before, after } = c.audited ?? c;
    await this.audit.append(m, { actor: c.actor, action: c.action, objectType: c.objectType, objectId: c.objectId, before, after });
    await finish?.(m, c.before ?? null);
  }

  /**
   * Records the change as the object's next version, in the caller's transaction. An object
   * changed for the first time since versioning began first gets a `baseline` version holding
   * the state it was found in, so its first change has something to be compared with.
   */
  async record(m: EntityManager, c: ConfigChange, at = new Date()): Promise<number> {
    if (!m.queryRunner?.isTransactionActive) throw new Error('ConfigVersions.record needs the entity manager of an open transaction');
    await lockVersions(m, c.kind, c.objectId);
    let version = await lastVersion(m, c.kind, c.objectId);
    const base = { kind: c.kind, objectId: c.objectId, at };
    if (version === 0 && c.before !== null && c.before !== undefined) {
      await insertVersion(m, ++version, { ...base, op: 'baseline', actor: SYSTEM, approvedBy: null, snapshot: c.before });
    }
    const op = c.after === null || c.after === undefined ? 'delete' : c.before === null || c.before === undefined ? 'create' : 'update';
    await insertVersion(m, ++version, { ...base, op, actor: c.actor, approvedBy: c.approvedBy ?? null, snapshot: c.after });
    return version;
  }

  /** Every version of the object, newest first; 404 when it never had one. */
  async list(kind: ConfigKind, objectId: string): Promise<ConfigVersionListDto> {
    const rows = await listVersions(this.ds.manager, kind, objectId);
    if (!rows.length) throw ApiError.notFound(`versions of ${kind} ${objectId}`);
    return { kind, objectId, items: rows.map(toDto).reverse() };
  }

  /** Field-level changes from version `from` to version `to` (either order); 404 naming a version that does not exist. */
  async diff(kind: ConfigKind, objectId: string, from: number, to: number): Promise<ConfigDiffDto> {
    const rows = new Map((await versionsOf(this.ds.manager, kind, objectId, [from, to])).map((r) => [r.version, r]));
    for (const [field, v] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!rows.has(v)) throw ApiError.notFound(`version ${v} (${field}) of ${kind} ${objectId}`);
    }
    return { kind, objectId, from, to, changes: diffConfig(rows.get(from)!.snapshot, rows.get(to)!.snapshot) };
  }
}
