import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type RouteBody, type RouteDryRunDto, type RouteDto } from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { ApiError, ApiErrorCode } from '../../common/api-error';
import { decodeCursor, type PageQuery, toPage } from '../../common/pagination';
import { isUuid } from '../../common/uuid';
import { type AuditActor, AuditLog, SYSTEM_ACTOR } from '../../audit/audit-log.service';
import { routesFor } from '../alert-matching';
import { silencedBy } from '../alert-plan';
import { activeSilences, allRoutes, incidentFacts, type RouteRow, toPlanRoute } from '../alerts.queries';
import { planIncidentOf } from '../incident-facts';
import { deleteRoute, existingReceivers, insertRoute, listRoutes, routeByName, updateRoute } from './routes.queries';

function toDto(r: RouteRow): RouteDto {
  const p = toPlanRoute(r);
  return { ...p, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() };
}

/** Ordered alert routes (admin writes, everyone reads) and the dry run: which routes an incident matches now. */
@Injectable()
export class RoutesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Every change is audited (`alert_route.create`, `.update`, `.delete`, with before and after) in its transaction. */
  async create(body: RouteBody, actor: AuditActor = SYSTEM_ACTOR): Promise<RouteDto> {
    await this.checkReceivers(body);
    return this.ds.transaction(async (m) => {
      const row = await insertRoute(m, body);
      if (!row) throw new ApiError(ApiErrorCode.Conflict, `route ${body.name} already exists`, [{ field: 'name', message: 'is taken' }]);
      const dto = toDto(row);
      await this.audit.append(m, { actor, action: 'alert_route.create', objectType: 'alert_route', objectId: dto.name, after: dto });
      return dto;
    });
  }

  async replace(name: string, body: RouteBody, actor: AuditActor = SYSTEM_ACTOR): Promise<RouteDto> {
    if (body.name !== name) throw ApiError.field('name', 'must be the name in the path');
    await this.checkReceivers(body);
    return this.ds.transaction(async (m) => {
      const before = await routeByName(m, name);
      const row = before && (await updateRoute(m, body));
      if (!row) throw ApiError.notFound(`route ${name}`);
      const dto = toDto(row);
      await this.audit.append(m, { actor, action: 'alert_route.update', objectType: 'alert_route', objectId: name, before: toDto(before), after: dto });
      return dto;
    });
  }

  async list(q: PageQuery): Promise<Page<RouteDto>> {
    const key = decodeCursor<[unknown, unknown]>(q.cursor, 2);
    if (key && (typeof key[0] !== 'number' || typeof key[1] !== 'string')) throw ApiError.field('cursor', 'is not a cursor this list returned');
    const rows = await listRoutes(this.ds, key ? { order: key[0] as number, name: key[1] as string } : undefined, q.limit + 1);
    return toPage(rows, q.limit, toDto, (r) => [r.position, r.name]);
  }

  async get(name: string): Promise<RouteDto> {
    const row = await routeByName(this.ds, name);
    if (!row) throw ApiError.notFound(`route ${name}`);
    return toDto(row);
  }

  async remove(name: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void> {
    await this.ds.transaction(async (m) => {
      const before = await routeByName(m, name);
      if (!before || !(await deleteRoute(m, name))) throw ApiError.notFound(`route ${name}`);
      await this.audit.append(m, { actor, action: 'alert_route.delete', objectType: 'alert_route', objectId: name, before: toDto(before) });
    });
  }

  /** Which routes (and so receivers) the incident matches now, and which silences would mute it. */
  async dryRun(incidentId: string): Promise<RouteDryRunDto> {
    if (!isUuid(incidentId)) throw ApiError.field('incidentId', 'is not an incident id');
    const [facts] = await incidentFacts(this.ds, [incidentId]);
    if (!facts) throw ApiError.notFound(`incident ${incidentId}`);
    const incident = planIncidentOf(facts);
    const routes = (await allRoutes(this.ds)).map(toPlanRoute);
    return {
      incidentId,
      facts: incident.facts,
      flowRoute: incident.flowRoute,
      routes: routesFor(routes, incident.facts, incident.flowRoute).map((r) => ({ name: r.name, receivers: r.receivers, continue: r.continue })),
      silencedBy: silencedBy(await activeSilences(this.ds, new Date()), incident.facts),
    };
  }

  private async checkReceivers(body: RouteBody): Promise<void> {
    const named = [...body.receivers, ...body.escalation.map((s) => s.receiver)];
    const known = await existingReceivers(this.ds, named);
    const problems = [
      ...body.receivers.map((r, i) => ({ field: `receivers[${i}]`, r })),
      ...body.escalation.map((s, i) => ({ field: `escalation[${i}].receiver`, r: s.receiver })),
    ]
      .filter((x) => !known.has(x.r))
      .map((x) => ({ field: x.field, message: `no receiver named ${x.r}` }));
    if (problems.length) throw ApiError.validation(problems);
  }
}
