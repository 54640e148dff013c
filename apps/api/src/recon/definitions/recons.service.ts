import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type PendingChangeOp } from '@closewatch/contracts/config-history';
import { type Page } from '@closewatch/contracts/pagination';
import { type ReconDefinitionBody, type ReconDto, type ReconRunHistoryDto, type StartRunRequest } from '@closewatch/contracts/recon';
import { type AuditActor, SYSTEM_ACTOR } from '../../audit/audit-log.service';
import { ApiError, ApiErrorCode } from '../../common/api-error';
import { decodeCursor, encodeCursor, type PageQuery } from '../../common/pagination';
import { type AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { CatalogService } from '../../flows/catalog.service';
import { type ApprovalFinish, type ChangeAuthors, ConfigVersions } from '../../governance/config-versions.service';
import { type PendingChange, PendingChanges } from '../../governance/pending-changes.service';
import { LiveBus } from '../../live/live-bus';
import { ConnectionsService } from '../connections/connections.service';
import { checkDefinition } from './definition-check';
import { maskDefinitionSecrets, restoreDefinitionSecrets } from './definition-secrets';
import { enqueueRun } from '../runs/recon-queue';
import { ReconScheduler } from '../runs/recon.scheduler';
import { type RunRow, toHistoryDto, toLastRunDto } from '../runs/run-mapping';
import {
  DEFINITION_BY_ID_FILTER,
  DEFINITION_EXISTS,
  DEFINITION_PAGE_FILTER,
  DELETE_DEFINITION,
  FILE_EXISTS,
  INSERT_DEFINITION,
  SELECT_DEFINITION_BODY,
  SELECT_RUN_FLOW,
  SELECT_RUN_HISTORY_PAGE,
  UPDATE_DEFINITION,
  selectDefinitions,
} from './definitions.queries';
import { nextRunAfter } from './schedule';
import { returnedRows } from '../../common/query-records';

interface DefinitionRow {
  id: string;
  definition: ReconDefinitionBody;
  enabled: boolean;
  next_run_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  last_run: RunRow | null;
  last_succeeded: RunRow | null;
}

/**
 * Reconciliation definitions: validated (envelope, engine part, and what must exist: the flow,
 * connections, uploaded files), stored as JSON with their schedule state, listed with their last
 * run and next scheduled run; and runs requested through the API.
 */
@Injectable()
export class ReconsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalog: CatalogService,
    private readonly connections: ConnectionsService,
    private readonly scheduler: ReconScheduler,
    private readonly bus: LiveBus,
    private readonly versions: ConfigVersions,
    private readonly pending: PendingChanges,
  ) {
    pending.register('recon', {
      apply: async (change, by, finish) => {
        // Validated again: the flow, a connection or a file it names may be gone since it was asked for.
        const def = change.payload === null ? null : await this.validate(change.payload);
        await this.write(change.op, change.objectId, def, by, finish);
      },
      show: (payload) => maskDefinitionSecrets(payload as ReconDefinitionBody),
    });
  }

  /**
   * Definition changes are audited (`recon.create`, `recon.update`, `recon.delete`, before and
   * after with secrets masked) and kept as versions in their transaction; with
   * CLOSEWATCH_CONFIG_APPROVAL a person's change is validated, then waits for a second admin (a
   * PendingChange, applied by `write` once approved).
   */
  async create(body: unknown, actor: AuditActor = SYSTEM_ACTOR): Promise<ReconDto | PendingChange> {
    const def = await this.validate(withSecrets(body, undefined));
    if (this.pending.required(actor)) {
      if ((await this.stored(this.ds.manager, def.id)) !== undefined) throw taken(def.id);
      return this.pending.propose({ kind: 'recon', objectId: def.id, op: 'create', before: null, payload: def, actor });
    }
    await this.write('create', def.id, def, { actor });
    return this.get(def.id);
  }

  async replace(id: string, body: unknown, actor: AuditActor = SYSTEM_ACTOR): Promise<ReconDto | PendingChange> {
    const withId = typeof body === 'object' && body !== null && !Array.isArray(body) && !('id' in body) ? { ...body, id } : body;
    const stored = await this.stored(this.ds.manager, id);
    const def = await this.validate(withSecrets(withId, stored));
    if (def.id !== id) throw ApiError.field('id', `must be ${id}, the reconciliation in the path (ids cannot change)`);
    if (this.pending.required(actor)) {
      if (!stored) throw ApiError.notFound(`reconciliation ${id}`);
      return this.pending.propose({ kind: 'recon', objectId: id, op: 'update', before: maskDefinitionSecrets(stored), payload: def, actor });
    }
    await this.write('update', id, def, { actor });
    return this.get(id);
  }

  /** Deletes a definition with its runs and breaks; runs in progress stop at their next heartbeat. */
  async remove(id: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void | PendingChange> {
    if (this.pending.required(actor)) {
      const stored = await this.stored(this.ds.manager, id);
      if (!stored) throw ApiError.notFound(`reconciliation ${id}`);
      return this.pending.propose({ kind: 'recon', objectId: id, op: 'delete', before: maskDefinitionSecrets(stored), payload: null, actor });
    }
    await this.write('delete', id, null, { actor });
  }

  /** Writes one validated change with its version and audit entry; `finish` runs last in the same transaction (an approval). */
  private async write(op: PendingChangeOp, id: string, def: ReconDefinitionBody | null, by: ChangeAuthors, finish?: ApprovalFinish): Promise<void> {
    const userId = by.actor.kind === 'user' ? by.actor.id : null;
    await this.ds.transaction(async (m) => {
      const stored = await this.stored(m, id);
      if (op !== 'create' && !stored) throw ApiError.notFound(`reconciliation ${id}`);
      if (def) {
        const next = def.enabled ? nextRunAfter(def.schedule, new Date()) : null;
        const values = [id, def.name, def.flow, JSON.stringify(def), def.enabled, def.schedule?.cron ?? null, def.schedule?.timezone ?? null, next, userId];
        const rows = returnedRows<{ id: string }>(await m.query(op === 'create' ? INSERT_DEFINITION : UPDATE_DEFINITION, values));
        if (!rows.length) throw op === 'create' ? taken(id) : ApiError.notFound(`reconciliation ${id}`);
      } else if (!returnedRows(await m.query(DELETE_DEFINITION, [id])).length) {
        throw ApiError.notFound(`reconciliation ${id}`);
      }
      const before = stored ? maskDefinitionSecrets(stored) : null;
      const after = def ? maskDefinitionSecrets(def) : null;
      await this.versions.recordAudited(m, { kind: 'recon', objectId: id, ...by, before, after, action: `recon.${op}`, objectType: 'recon' }, finish);
    });
  }

  /** The stored definition (secrets in the clear), or undefined. */
  private async stored(m: Pick<EntityManager, 'query'>, id: string): Promise<ReconDefinitionBody | undefined> {
    const rows: { definition: ReconDefinitionBody }[] = await m.query(SELECT_DEFINITION_BODY, [id]);
    return rows[0]?.definition;
  }

  async get(id: string): Promise<ReconDto> {
    const rows = await this.query(DEFINITION_BY_ID_FILTER, [id], 1);
    if (!rows.length) throw ApiError.notFound(`reconciliation ${id}`);
    return toReconDto(rows[0]!);
  }

  async list(q: PageQuery & { flow?: string }): Promise<Page<ReconDto>> {
    const after = decodeCursor<[string]>(q.cursor, 1)?.[0] ?? null;
    const rows = await this.query(DEFINITION_PAGE_FILTER, [q.flow ?? null, after], q.limit + 1);
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    return { items: page.map(toReconDto), nextCursor: more ? encodeCursor([page[page.length - 1]!.id]) : null };
  }

  /** Queues a run (POST /api/v1/recons/:id/runs) and wakes the worker. */
  async startRun(id: string, body: StartRunRequest, userId: string | null): Promise<{ runId: string }> {
    const runId = await enqueueRun(this.ds, { reconId: id, trigger: 'manual', requestedScope: body.scope ?? {}, requestedBy: userId });
    if (!runId) throw ApiError.notFound(`reconciliation ${id}`);
    const flow: { flow_id: string }[] = await this.ds.query(SELECT_RUN_FLOW, [runId]);
    this.bus.publishReconRun({
      runId,
      reconId: id,
      flow: flow[0]?.flow_id ?? '',
      status: 'queued',
      matched: null,
      breaks: null,
      error: null,
      at: new Date().toISOString(),
    });
    this.scheduler.kick();
    return { runId };
  }

  /** Run history, newest first (GET /api/v1/recons/:id/runs), for the trend. */
  async history(id: string, q: PageQuery & { status?: string[] }): Promise<Page<ReconRunHistoryDto>> {
    const exists: unknown[] = await this.ds.query(DEFINITION_EXISTS, [id]);
    if (!exists.length) throw ApiError.notFound(`reconciliation ${id}`);
    const after = decodeCursor<[string, string]>(q.cursor, 2);
    const rows: RunRow[] = await this.ds.query(SELECT_RUN_HISTORY_PAGE, [
      id,
      q.status?.length ? q.status : null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      q.limit + 1,
    ]);
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: page.map(toHistoryDto), nextCursor: more && last ? encodeCursor([new Date(last.queued_at).toISOString(), last.id]) : null };
  }

  private async validate(body: unknown): Promise<ReconDefinitionBody> {
    const checked = await checkDefinition(body, {
      csvDir: this.config.recon.csvDir !== undefined,
      httpHeaderSets: new Set(Object.keys(this.config.recon.httpHeaders)),
      httpAllow: this.config.recon.httpAllow,
    });
    if (!checked.ok) throw ApiError.validation(checked.details);
    const def = checked.definition;
    const details: { field: string; message: string }[] = [];
    if (!(await this.catalog.isRegistered(def.flow))) details.push({ field: 'flow', message: `flow ${def.flow} is not in the catalog` });
    for (const side of ['source', 'target'] as const) {
      const d = def[side];
      if (d.connector === 'postgres' && !(await this.connections.exists(d.connection))) {
        details.push({
          field: `${side}.connection`,
          message: `connection ${d.connection} does not exist (POST /api/v1/connections, or CLOSEWATCH_CONNECTION_${d.connection.toUpperCase()})`,
        });
      }
      if (d.connector === 'csv' && d.file) {
        const f: unknown[] = await this.ds.query(FILE_EXISTS, [d.file]);
        if (!f.length) details.push({ field: `${side}.file`, message: `no uploaded file ${d.file}` });
      }
      if (d.connector === 'telemetry' && d.flow && !(await this.catalog.isRegistered(d.flow)))
        details.push({ field: `${side}.flow`, message: `flow ${d.flow} is not in the catalog` });
    }
    if (details.length) throw ApiError.validation(details);
    return def;
  }

  private query(where: string, params: unknown[], limit: number): Promise<DefinitionRow[]> {
    return this.ds.query(selectDefinitions(where, limit), params);
  }
}

const taken = (id: string) => new ApiError(ApiErrorCode.Conflict, `reconciliation ${id} already exists`, [{ field: 'id', message: 'is taken' }]);

/** The body with the stored secrets its masked URLs stand for (400 naming the field when one cannot be restored). */
function withSecrets(body: unknown, stored: ReconDefinitionBody | undefined): unknown {
  const restored = restoreDefinitionSecrets(body, stored);
  if (restored.details.length) throw ApiError.validation(restored.details);
  return restored.body;
}

/** Secrets in http dataset URLs are masked in every response (viewers read definitions too). */
function toReconDto(r: DefinitionRow): ReconDto {
  const d = maskDefinitionSecrets(r.definition);
  return {
    ...d,
    enabled: r.enabled,
    mode: d.mode ?? 'merge',
    scope: d.scope ?? {},
    schedule: d.schedule ?? null,
    materiality: d.materiality ?? null,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    nextRunAt: r.enabled && r.next_run_at ? new Date(r.next_run_at).toISOString() : null,
    lastRun: r.last_run ? toLastRunDto(r.last_run) : null,
    lastSucceededRun: r.last_succeeded ? toLastRunDto(r.last_succeeded) : null,
  };
}
