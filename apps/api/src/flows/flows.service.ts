import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { type FlowDto } from '@closewatch/contracts/catalog';
import { type ApiErrorDetail } from '@closewatch/contracts/errors';
import { type Page } from '@closewatch/contracts/pagination';
import { type AuditActor, AuditLog, SYSTEM_ACTOR } from '../audit/audit-log.service';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { decodeCursor, toPage } from '../common/pagination';
import { toFlowDto } from './catalog-mappers';
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
    private readonly audit: AuditLog,
  ) {}

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

  /** Flow changes through this API are audited (`flow.create`, `flow.update`, `flow.delete`, before and after) in their transaction. */
  async create(flow: FlowDto, actor: AuditActor = SYSTEM_ACTOR): Promise<FlowDto> {
    await catalogTransaction(this.dataSource, this.catalog, async (m) => {
      await this.checkSystems(m, flow);
      if (!(await insertFlow(m, flow))) {
        throw new ApiError(ApiErrorCode.Conflict, `flow ${flow.id} already exists`, [{ field: 'id', message: 'is taken' }]);
      }
      await this.audit.append(m, { actor, action: 'flow.create', objectType: 'flow', objectId: flow.id, after: await this.read(m, flow.id) });
    });
    return flow;
  }

  async replace(flow: FlowDto, actor: AuditActor = SYSTEM_ACTOR): Promise<FlowDto> {
    await catalogTransaction(this.dataSource, this.catalog, async (m) => {
      await this.checkSystems(m, flow);
      const before = await this.read(m, flow.id);
      if (!before || !(await updateFlow(m, flow))) throw ApiError.notFound(`flow ${flow.id}`);
      await this.audit.append(m, { actor, action: 'flow.update', objectType: 'flow', objectId: flow.id, before, after: await this.read(m, flow.id) });
    });
    return flow;
  }

  async remove(id: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    await catalogTransaction(this.dataSource, this.catalog, async (m) => {
      const before = await this.read(m, id);
      if (!before || !(await deleteFlow(m, id))) throw ApiError.notFound(`flow ${id}`);
      await this.audit.append(m, { actor, action: 'flow.delete', objectType: 'flow', objectId: id, before });
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
