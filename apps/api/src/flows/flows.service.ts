import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { type FlowDto } from '@closewatch/contracts/catalog';
import { type ApiErrorDetail } from '@closewatch/contracts/errors';
import { type PendingChangeOp } from '@closewatch/contracts/config-history';
import { type Page } from '@closewatch/contracts/pagination';
import { type AuditActor, SYSTEM_ACTOR } from '../audit/audit-log.service';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { decodeCursor, toPage } from '../common/pagination';
import { type ApprovalFinish, type ChangeAuthors, ConfigVersions } from '../governance/config-versions.service';
import { type PendingChange, PendingChanges } from '../governance/pending-changes.service';
import { toFlowDto } from './catalog-mappers';
import { materialityChanged } from './materiality-change';
import { deleteFlow, existingSystemIds, insertFlow, updateFlow } from './catalog-store';
import { catalogTransaction } from './catalog-transaction';
import { CatalogService } from './catalog.service';
import { FlowEntity } from './flow.entity';
import { type FlowsQuery } from './flows.schemas';

/** `%`, `_` and `\` match themselves in a text search. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class FlowsService {
  constructor(
    @InjectRepository(FlowEntity) private readonly flows: Repository<FlowEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly versions: ConfigVersions,
    private readonly pending: PendingChanges,
  ) {
    pending.register('flow', { apply: (change, by, finish) => this.write(change.op, change.objectId, change.payload as FlowDto | null, by, finish) });
  }

  /** Keyset page ordered by id, with the filters of `GET /api/v1/flows`. */
  async list(query: FlowsQuery): Promise<Page<FlowDto>> {
    const after = decodeCursor<[string]>(query.cursor, 1);
    const qb = this.flows
      .createQueryBuilder('f')
      .orderBy('f.id', 'ASC')
      .limit(query.limit + 1);
    if (query.pattern) qb.andWhere('f.pattern = :pattern', { pattern: query.pattern });
    if (query.workflow) qb.andWhere('f.workflow = :workflow', { workflow: query.workflow });
    if (query.system) qb.andWhere('(f.source_system = :system or f.target_system = :system)', { system: query.system });
    if (query.ownerTeam) qb.andWhere('f.owner_team = :ownerTeam', { ownerTeam: query.ownerTeam });
    if (query.impact) qb.andWhere(':impact = any(f.impacts)', { impact: query.impact });
    if (query.entity) qb.andWhere(':entity = any(f.entities)', { entity: query.entity });
    if (query.q) qb.andWhere('(f.id ilike :q or f.name ilike :q)', { q: likePattern(query.q) });
    if (after) qb.andWhere('f.id > :after', { after: String(after[0]) });
    return toPage(await qb.getMany(), query.limit, toFlowDto, (f) => [f.id]);
  }

  async get(id: string): Promise<FlowDto> {
    const row = await this.flows.findOneBy({ id });
    if (!row) throw ApiError.notFound(`flow ${id}`);
    return toFlowDto(row);
  }

  /**
   * Flow changes through this API are audited (`flow.create`, `flow.update`, `flow.delete`,
   * before and after) and kept as versions in their transaction. With CLOSEWATCH_CONFIG_APPROVAL
   * a person's change of a flow's materiality waits for a second admin (a PendingChange, applied
   * by `write` once approved).
   */
  async create(flow: FlowDto, actor: AuditActor = SYSTEM_ACTOR): Promise<FlowDto> {
    await this.write('create', flow.id, flow, { actor });
    return flow;
  }

  async replace(flow: FlowDto, actor: AuditActor = SYSTEM_ACTOR): Promise<FlowDto | PendingChange> {
    if (this.pending.required(actor)) {
      const before = await this.dataSource.transaction(async (m) => {
        await this.checkSystems(m, flow);
        return this.read(m, flow.id);
      });
      if (!before) throw ApiError.notFound(`flow ${flow.id}`);
      if (materialityChanged(before, flow)) return this.pending.propose({ kind: 'flow', objectId: flow.id, op: 'update', before, payload: flow, actor });
    }
    await this.write('update', flow.id, flow, { actor });
    return flow;
  }

  async remove(id: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    await this.write('delete', id, null, { actor });
  }

  /** Writes one change with its audit entry and version; `finish` runs last in the same transaction (an approval). */
  private async write(op: PendingChangeOp, id: string, flow: FlowDto | null, by: ChangeAuthors, finish?: ApprovalFinish): Promise<void> {
    await catalogTransaction(this.dataSource, this.catalog, async (m) => {
      if (flow) await this.checkSystems(m, flow);
      const before = await this.read(m, id);
      if (op === 'create') {
        if (!(await insertFlow(m, flow!))) throw new ApiError(ApiErrorCode.Conflict, `flow ${id} already exists`, [{ field: 'id', message: 'is taken' }]);
      } else if (!before || !(await (flow ? updateFlow(m, flow) : deleteFlow(m, id)))) {
        throw ApiError.notFound(`flow ${id}`);
      }
      const after = flow && (await this.read(m, id));
      await this.versions.recordAudited(m, { kind: 'flow', objectId: id, ...by, before, after, action: `flow.${op}`, objectType: 'flow' }, finish);
    });
  }

  private async read(m: EntityManager, id: string): Promise<FlowDto | null> {
    const row = await m.findOneBy(FlowEntity, { id });
    return row ? toFlowDto(row) : null;
  }

  /** Unknown source or target system: 400 naming the field. */
  private async checkSystems(m: EntityManager, flow: FlowDto): Promise<void> {
    const known = await existingSystemIds(m, [flow.sourceSystem, flow.targetSystem]);
    const details: ApiErrorDetail[] = [];
    for (const field of ['sourceSystem', 'targetSystem'] as const) {
      if (!known.has(flow[field])) details.push({ field, message: `names unknown system "${flow[field]}"` });
    }
    if (details.length > 0) throw ApiError.validation(details, details.map((d) => `${d.field} ${d.message}`).join('; '));
  }
}
