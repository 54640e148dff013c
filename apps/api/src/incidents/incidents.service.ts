import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { INCIDENT_EXCEPTIONS_LIMIT, type IncidentDetailDto, type IncidentDto } from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { decodeCursor, toPage } from '../common/pagination';
import { isUuid } from '../common/uuid';
import { ExceptionReadService } from '../exceptions/exception-read.service';
import { ExceptionWorkflowService, type UserActor } from '../exceptions/exception-workflow.service';
import { incidentById, type IncidentRow, listIncidents } from './incidents.queries';
import { type IncidentsQuery } from './incidents.schemas';

function toDto(r: IncidentRow): IncidentDto {
  return {
    id: r.id,
    flow: r.flow_id,
    cause: r.cause,
    type: r.exception_type,
    entity: r.entity,
    period: r.period,
    title: r.title,
    status: r.status,
    severity: r.severity,
    exceptionCount: r.exception_count,
    unresolvedCount: r.unresolved_count,
    occurrences: Number(r.occurrences),
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    amountsAtRisk: r.amounts_at_risk,
    amountsAffected: r.amounts_affected,
  };
}

/** The read side of incidents: most recently active first, and one incident with its exceptions. */
@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly exceptions: ExceptionReadService,
    private readonly workflow: ExceptionWorkflowService,
  ) {}

  async list(q: IncidentsQuery): Promise<Page<IncidentDto>> {
    const key = decodeCursor<[unknown, unknown]>(q.cursor, 2);
    let after: { lastSeenAt: string; id: string } | undefined;
    if (key) {
      const [at, id] = key;
      if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !isUuid(id)) {
        throw ApiError.field('cursor', 'is not a cursor this list returned');
      }
      after = { lastSeenAt: at, id };
    }
    const rows = await listIncidents(this.ds, { flow: q.flow, status: q.status, after, limit: q.limit + 1 });
    return toPage(rows, q.limit, toDto, (r) => [r.last_seen_at.toISOString(), r.id]);
  }

  /**
   * Acknowledges the incident by acknowledging its open exceptions (each with its history); the
   * incident is re-derived as acknowledged in that transaction, which sends `acknowledge` to its
   * pages. Acknowledging an acknowledged incident changes nothing; a resolved one is a 409.
   */
  async acknowledge(id: string, actor: UserActor, note?: string): Promise<IncidentDetailDto> {
    const before = await this.get(id);
    if (before.status === 'resolved') throw new ApiError(ApiErrorCode.Conflict, `incident ${id} is resolved; reopen its exceptions first`);
    await this.workflow.acknowledgeIncident(id, actor, note);
    return this.get(id);
  }

  async get(id: string): Promise<IncidentDetailDto> {
    if (!isUuid(id)) throw ApiError.notFound(`incident ${id}`);
    const row = await incidentById(this.ds, id);
    if (!row) throw ApiError.notFound(`incident ${id}`);
    const { exceptions, truncated } = await this.exceptions.ofIncident(id, INCIDENT_EXCEPTIONS_LIMIT);
    return { ...toDto(row), exceptions, exceptionsTruncated: truncated };
  }
}
