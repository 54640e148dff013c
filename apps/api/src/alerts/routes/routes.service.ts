import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type RouteBody, type RouteDryRunDto, type RouteDto } from '@closewatch/contracts/alerts';
import { type PendingChangeOp } from '@closewatch/contracts/config-history';
import { type Page } from '@closewatch/contracts/pagination';
import { ApiError, ApiErrorCode } from '../../common/api-error';
import { decodeCursor, type PageQuery, toPage } from '../../common/pagination';
import { isUuid } from '../../common/uuid';
import { type AuditActor, SYSTEM_ACTOR } from '../../audit/audit-log.service';
import { type ApprovalFinish, type ChangeAuthors, ConfigVersions } from '../../governance/config-versions.service';
import { type PendingChange, PendingChanges } from '../../governance/pending-changes.service';
import { routesFor } from '../alert-matching';
import { silencedBy } from '../alert-plan';
import { activeSilences, allRoutes, incidentFacts, type RouteRow, toPlanRoute } from '../alerts.queries';
import { planIncidentOf } from '../incident-facts';
import { deleteRoute, existingReceivers, insertRoute, listRoutes, routeByName, updateRoute } from './routes.queries';

const taken = (name: string) => new ApiError(ApiErrorCode.Conflict, `route ${name} already exists`, [{ field: 'name', message: 'is taken' }]);

function toDto(r: RouteRow): RouteDto {
  const p = toPlanRoute(r);
  return { ...p, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() };
}

/** Ordered alert routes (admin writes, everyone reads) and the dry run: which routes an incident matches now. */
@Injectable()
export class RoutesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly versions: ConfigVersions,
    private readonly pending: PendingChanges,
  ) {
    pending.register('alert_route', {
      apply: async (change, by, finish) => {
        const body = change.payload as RouteBody | null;
        if (body) await this.checkReceivers(body);
        await this.write(change.op, change.objectId, body, by, finish);
      },
    });
  }

  /**
   * Every change is audited (`alert_route.create`, `.update`, `.delete`, with before and after)
   * and kept as a version in its transaction; with CLOSEWATCH_CONFIG_APPROVAL a person's change
   * waits for a second admin instead (a PendingChange, applied by `write` once approved).
   */
  async create(body: RouteBody, actor: AuditActor = SYSTEM_ACTOR): Promise<RouteDto | PendingChange> {
    await this.checkReceivers(body);
    if (this.pending.required(actor)) {
      if (await routeByName(this.ds, body.name)) throw taken(body.name);
      return this.pending.propose({ kind: 'alert_route', objectId: body.name, op: 'create', before: null, payload: body, actor });
    }
    return (await this.write('create', body.name, body, { actor }))!;
  }

  async replace(name: string, body: RouteBody, actor: AuditActor = SYSTEM_ACTOR): Promise<RouteDto | PendingChange> {
    if (body.name !== name) throw ApiError.field('name', 'must be the name in the path');
    await this.checkReceivers(body);
    if (this.pending.required(actor)) {
      const before = await routeByName(this.ds, name);
      if (!before) throw ApiError.notFound(`route ${name}`);
      return this.pending.propose({ kind: 'alert_route', objectId: name, op: 'update', before: toPlanRoute(before), payload: body, actor });
    }
    return (await this.write('update', name, body, { actor }))!;
  }

  async remove(name: string, actor: AuditActor = SYSTEM_ACTOR): Promise<void | PendingChange> {
    if (this.pending.required(actor)) {
      const before = await routeByName(this.ds, name);
      if (!before) throw ApiError.notFound(`route ${name}`);
      return this.pending.propose({ kind: 'alert_route', objectId: name, op: 'delete', before: toPlanRoute(before), payload: null, actor });
    }
    await this.write('delete', name, null, { actor });
  }

  /** Writes one change with its audit entry and version; `finish` runs last in the same transaction (an approval). */
  private async write(op: PendingChangeOp, name: string, body: RouteBody | null, by: ChangeAuthors, finish?: ApprovalFinish): Promise<RouteDto | undefined> {
    return this.ds.transaction(async (m) => {
      const before = op === 'create' ? undefined : await routeByName(m, name);
      if (op !== 'create' && !before) throw ApiError.notFound(`route ${name}`);
      let row: RouteRow | undefined;
      if (op === 'create') {
        row = await insertRoute(m, body!);
        if (!row) throw taken(name);
      } else if (op === 'update') {
        row = await updateRoute(m, body!);
        if (!row) throw ApiError.notFound(`route ${name}`);
      } else if (!(await deleteRoute(m, name))) {
        throw ApiError.notFound(`route ${name}`);
      }
      const dto = row && toDto(row);
      const change = { kind: 'alert_route', objectId: name, ...by, before: before ? toPlanRoute(before) : null, after: row ? toPlanRoute(row) : null } as const;
      await this.versions.recordAudited(
        m,
        { ...change, action: `alert_route.${op}`, objectType: 'alert_route', audited: { before: before && toDto(before), after: dto } },
        finish,
      );
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
