import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  type ExceptionType,
  INCIDENT_EXCEPTIONS_LIMIT,
  type IncidentDetailDto,
  type IncidentDto,
  type IncidentStatus,
  type MoneyDto,
  type Severity,
} from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { ApiError } from '../common/api-error';
import { decodeCursor, toPage } from '../common/pagination';
import { isUuid } from '../exceptions/exception-query';
import { EXCEPTION_COLUMNS, EXCEPTION_FROM, type ExceptionRow, exceptionRowToDto } from '../exceptions/exception-row';
import { SqlParams } from '../common/sql-params';
import { type IncidentsQuery } from './incidents.schemas';

const amountsOf = (statusFilter: string) => `(
  select coalesce(jsonb_agg(jsonb_build_object('currency', a.currency, 'amount', a.amount) order by a.currency), '[]'::jsonb)
    from (select x.currency, sum(x.amount_at_risk)::text as amount from exceptions x
           where x.incident_id = i.id and x.amount_at_risk is not null ${statusFilter} group by x.currency) a)`;

const INCIDENT_COLUMNS = `
  i.id, i.flow_id, i.cause, i.exception_type, i.entity, i.period, i.title, i.status, i.severity, i.exception_count, i.unresolved_count,
  i.occurrences::text as occurrences, i.first_seen_at, i.last_seen_at, i.resolved_at,
  ${amountsOf(`and x.status in ('open', 'acknowledged')`)} as amounts_at_risk,
  ${amountsOf('')} as amounts_affected`;

interface IncidentRow {
  id: string;
  flow_id: string;
  cause: string | null;
  exception_type: ExceptionType | null;
  entity: string | null;
  period: string | null;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  exception_count: number;
  unresolved_count: number;
  occurrences: string;
  first_seen_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
  amounts_at_risk: MoneyDto[];
  amounts_affected: MoneyDto[];
}

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
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(q: IncidentsQuery): Promise<Page<IncidentDto>> {
    const p = new SqlParams().filter(q.flow, (x) => `i.flow_id = ${x}`).filter(q.status, (x) => `i.status = any(${x}::text[])`);
    const key = decodeCursor<[unknown, unknown]>(q.cursor, 2);
    if (key) {
      const [at, id] = key;
      if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !isUuid(id)) {
        throw ApiError.field('cursor', 'is not a cursor this list returned');
      }
      p.always(`(i.last_seen_at, i.id) < (${p.add(at)}::timestamptz, ${p.add(id)}::uuid)`);
    }
    const rows: IncidentRow[] = await this.ds.query(
      `select ${INCIDENT_COLUMNS} from incidents i ${p.where()} order by i.last_seen_at desc, i.id desc limit ${p.add(q.limit + 1)}`,
      p.values,
    );
    return toPage(rows, q.limit, toDto, (r) => [r.last_seen_at.toISOString(), r.id]);
  }

  async get(id: string): Promise<IncidentDetailDto> {
    if (!isUuid(id)) throw ApiError.notFound(`incident ${id}`);
    const rows: IncidentRow[] = await this.ds.query(`select ${INCIDENT_COLUMNS} from incidents i where i.id = $1`, [id]);
    const row = rows[0];
    if (!row) throw ApiError.notFound(`incident ${id}`);
    const now = new Date();
    const exceptions: ExceptionRow[] = await this.ds.query(
      `select ${EXCEPTION_COLUMNS} ${EXCEPTION_FROM} where e.incident_id = $1 order by e.last_seen_at desc, e.id desc limit $2`,
      [id, INCIDENT_EXCEPTIONS_LIMIT + 1],
    );
    return {
      ...toDto(row),
      exceptions: exceptions.slice(0, INCIDENT_EXCEPTIONS_LIMIT).map((r) => exceptionRowToDto(r, now)),
      exceptionsTruncated: exceptions.length > INCIDENT_EXCEPTIONS_LIMIT,
    };
  }
}
