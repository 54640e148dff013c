import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { type SystemDto } from '@closewatch/contracts/catalog';
import { type Page } from '@closewatch/contracts/pagination';
import { type AuditActor, AuditLog, SYSTEM_ACTOR } from '../audit/audit-log.service';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { decodeCursor, toPage } from '../common/pagination';
import { toSystemDto } from './catalog-mappers';
import { deleteSystem, flowsUsingSystem, insertSystem, updateSystem } from './catalog-store';
import { catalogTransaction } from './catalog-transaction';
import { CatalogService } from './catalog.service';
import { type SystemsQuery } from './flows.schemas';
import { SystemEntity } from './system.entity';

@Injectable()
export class SystemsService {
  constructor(
    @InjectRepository(SystemEntity) private readonly systems: Repository<SystemEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly audit: AuditLog,
  ) {}

  /** Keyset page ordered by id. */
  async list(query: SystemsQuery): Promise<Page<SystemDto>> {
    const after = decodeCursor<[string]>(query.cursor, 1);
    const qb = this.systems
      .createQueryBuilder('s')
      .orderBy('s.id', 'ASC')
      .limit(query.limit + 1);
    if (query.kind) qb.andWhere('s.kind = :kind', { kind: query.kind });
    if (after) qb.andWhere('s.id > :after', { after: String(after[0]) });
    return toPage(await qb.getMany(), query.limit, toSystemDto, (s) => [s.id]);
  }

  async get(id: string): Promise<SystemDto> {
    const row = await this.systems.findOneBy({ id });
    if (!row) throw ApiError.notFound(`system ${id}`);
    return toSystemDto(row);
  }

  /** System changes are audited (`system.create`, `system.update`, `system.delete`, before and after) in their transaction. */
  async create(system: SystemDto, actor: AuditActor = SYSTEM_ACTOR): Promise<SystemDto> {
    await catalogTransaction(this.dataSource, this.catalog, async (m) => {
      if (!(await insertSystem(m, system))) {
        throw new ApiError(ApiErrorCode.Conflict, `system ${system.id} already exists`, [{ field: 'id', message: 'is taken' }]);
      }
      await this.audit.append(m, { actor, action: 'system.create', objectType: 'system', objectId: system.id, after: await this.read(m, system.id) });
    });
    return system;
  }

  async replace(system: SystemDto, actor: AuditActor = SYSTEM_ACTOR): Promise<SystemDto> {
    await catalogTransaction(this.dataSource, this.catalog, async (m) => {
      const before = await this.read(m, system.id);
      if (!before || !(await updateSystem(m, system))) throw ApiError.notFound(`system ${system.id}`);
      await this.audit.append(m, { actor, action: 'system.update', objectType: 'system', objectId: system.id, before, after: await this.read(m, system.id) });
    });
    return system;
  }

  /** Refused with 409 while flows still read from or write to the system. */
  async remove(id: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    await catalogTransaction(this.dataSource, this.catalog, async (m) => {
      const users = await flowsUsingSystem(m, id);
      if (users.length > 0) {
        throw new ApiError(ApiErrorCode.Conflict, `system ${id} is used by flows: ${users.join(', ')}`, [
          { field: 'id', message: `is used by flows: ${users.join(', ')}` },
        ]);
      }
      const before = await this.read(m, id);
      if (!before || !(await deleteSystem(m, id))) throw ApiError.notFound(`system ${id}`);
      await this.audit.append(m, { actor, action: 'system.delete', objectType: 'system', objectId: id, before });
    });
  }

  private async read(m: EntityManager, id: string): Promise<SystemDto | undefined> {
    const row = await m.findOneBy(SystemEntity, { id });
    return row ? toSystemDto(row) : undefined;
  }
}
