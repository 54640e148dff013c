import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AGE_BUCKETS,
  type AgingCellDto,
  type AgingResponse,
  type ExceptionDetailDto,
  type ExceptionDto,
  type MoneyDto,
  SEVERITIES,
} from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { ApiError } from '../common/api-error';
import { encodeCursor, toPage } from '../common/pagination';
import { isUuid } from '../common/uuid';
import { AGE_BUCKET_BOUNDS } from './age-bucket';
import { csvLine } from '../common/csv';
import { EXCEPTION_CSV_HEADER, exceptionCsvLine, EXCEPTION_HISTORY_CSV_HEADER, exceptionHistoryCsvLines } from './exception-csv';
import { type RequestPrincipal } from '../auth/principal';
import { AuditLog } from '../audit/audit-log.service';
import { CSV_CONTENT_TYPE, fileStamp, JSON_CONTENT_TYPE, streamDownload } from '../common/stream-download';
import { inReadSnapshot } from '../database/read-snapshot';
import { jsonArrayClosing, jsonArrayItem, jsonArrayOpening } from '../common/json-stream';
import { commentRowToDto, historyRowToDto } from './exception-history';
import { type ExceptionFilters, sortSpec } from './exception-list-sql';
import { exceptionRowToDto } from './exception-row';
import { agingRows, commentsOf, exceptionDetail, exceptionPage, exceptionsByIds, exceptionsOfIncident, findUser, historiesOf } from './exceptions.queries';
import { type AgingQuery, type ExceptionFiltersQuery, type ExceptionsExportQuery, type ExceptionsQuery } from './exceptions.schemas';

/** Rows fetched per round trip while streaming an export. */
const EXPORT_BATCH = 500;

/** The read side of exceptions: lists, one exception with its history, the aging report, exports. */
@Injectable()
export class ExceptionReadService {
  private readonly logger = new Logger('exceptions');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Resolves `assignee` (`me`, `none`, a user id or email) to a user id or null (unassigned). */
  async resolveFilters(q: Partial<ExceptionFiltersQuery>, me: string | null): Promise<ExceptionFilters> {
    const { assignee, ...rest } = q;
    if (assignee === undefined) return rest;
    if (assignee === 'none') return { ...rest, assignee: null };
    if (assignee === 'me') {
      if (!me) throw ApiError.field('assignee', 'me needs a signed-in user');
      return { ...rest, assignee: me };
    }
    const user = await findUser(this.ds.manager, assignee);
    if (!user) throw ApiError.field('assignee', `is not a known user (give a user id or email, me or none): ${assignee}`);
    return { ...rest, assignee: user.id };
  }

  async list(q: ExceptionsQuery, me: string | null): Promise<Page<ExceptionDto>> {
    const now = new Date();
    const filters = await this.resolveFilters(q, me);
    const sort = sortSpec(q.sort);
    const rows = await exceptionPage(this.ds.manager, filters, sort, q.cursor, q.limit + 1, now);
    return toPage(
      rows,
      q.limit,
      (r) => exceptionRowToDto(r, now),
      (r) => [sort.sort, r.sort_key, r.id],
    );
  }

  async get(id: string): Promise<ExceptionDetailDto> {
    if (!isUuid(id)) throw ApiError.notFound(`exception ${id}`);
    const now = new Date();
    const found = await exceptionDetail(this.ds, id);
    if (!found) throw ApiError.notFound(`exception ${id}`);
    const { row, history, comments } = found;
    return {
      ...exceptionRowToDto(row, now),
      context: row.context,
      severityReasons: row.severity_reasons,
      closeDeadline: row.close_deadline?.toISOString() ?? null,
      history: history.map(historyRowToDto),
      comments: comments.map(commentRowToDto),
    };
  }

  /** The exceptions with these ids, in the order given (unknown ids are skipped). */
  async byIds(ids: readonly string[], m: EntityManager = this.ds.manager): Promise<ExceptionDto[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    const now = new Date();
    const rows = await exceptionsByIds(m, valid);
    const byId = new Map(rows.map((r) => [r.id, exceptionRowToDto(r, now)]));
    return valid.map((id) => byId.get(id)).filter((x): x is ExceptionDto => x !== undefined);
  }

  /** The `limit` most recently seen exceptions of an incident, and whether it has more. */
  async ofIncident(incidentId: string, limit: number): Promise<{ exceptions: ExceptionDto[]; truncated: boolean }> {
    const now = new Date();
    const rows = await exceptionsOfIncident(this.ds, incidentId, limit + 1);
    return { exceptions: rows.slice(0, limit).map((r) => exceptionRowToDto(r, now)), truncated: rows.length > limit };
  }

  /** Unresolved exceptions by age bucket and severity: counts, overdue counts and amounts per currency. */
  async aging(q: AgingQuery, me: string | null): Promise<AgingResponse> {
    const now = new Date();
    const filters = await this.resolveFilters(q, me);
    const rows = await agingRows(this.ds, filters, now);
    const cells = new Map<string, AgingCellDto>();
    for (const ageBucket of AGE_BUCKETS)
      for (const severity of SEVERITIES) cells.set(`${ageBucket}|${severity}`, { ageBucket, severity, count: 0, overdue: 0, amounts: [] });
    const totals = { count: 0, overdue: 0, amounts: [] as MoneyDto[] };
    const byCurrency = (a: MoneyDto, b: MoneyDto) => (a.currency < b.currency ? -1 : 1);
    for (const r of rows) {
      if (r.is_total) {
        totals.count += r.count;
        totals.overdue += r.overdue_count;
        if (r.currency !== null && r.amount !== null) totals.amounts.push({ currency: r.currency, amount: r.amount });
        continue;
      }
      AGE_BUCKET_BOUNDS.forEach(({ bucket }, k) => {
        const cell = cells.get(`${bucket}|${r.severity}`)!;
        cell.count += r.counts[k]!;
        cell.overdue += r.overdue[k]!;
        const amount = r.amounts[k];
        if (r.currency !== null && amount != null) cell.amounts.push({ currency: r.currency, amount });
      });
    }
    for (const c of cells.values()) c.amounts.sort(byCurrency);
    totals.amounts.sort(byCurrency);
    return { asOf: now.toISOString(), cells: [...cells.values()], totals };
  }

  /**
   * Streams the filtered, sorted exceptions in batches (never the whole result in memory), from
   * one read-only REPEATABLE READ snapshot so pages cannot skip or repeat rows: CSV one row per
   * exception, CSV one row per history event (`history=true`), or JSON with each exception's
   * full history and comments. Audited before it is read; stops when the client goes away.
   */
  async export(q: ExceptionsExportQuery, p: RequestPrincipal | undefined, res: Response): Promise<void> {
    const now = new Date();
    const filters = await this.resolveFilters(q, me(p));
    const sort = sortSpec(q.sort);
    const { format, history, sort: _sort, ...given } = q;
    await this.audit.recordExport(p, { what: 'exceptions', objectId: null, format, filters: { ...given, sort: q.sort, history } });
    const name = `exceptions${history ? '-history' : ''}-${fileStamp(now)}.${format}`;
    await inReadSnapshot(this.ds, (m) =>
      streamDownload(res, { name, contentType: format === 'csv' ? CSV_CONTENT_TYPE : JSON_CONTENT_TYPE }, this.logger, async (write) => {
        const withHistory = format === 'json' || history;
        let count = 0;
        if (
          !(await write(
            format === 'json'
              ? jsonArrayOpening({ exportedAt: now.toISOString(), filters: given }, 'exceptions')
              : csvLine(history ? EXCEPTION_HISTORY_CSV_HEADER : EXCEPTION_CSV_HEADER),
          ))
        )
          return;
        let cursor: string | undefined;
        for (;;) {
          const rows = await exceptionPage(m, filters, sort, cursor, EXPORT_BATCH, now);
          if (!rows.length) break;
          const ids = rows.map((r) => r.id);
          const [histories, comments] = withHistory ? await Promise.all([historiesOf(m, ids), format === 'json' ? commentsOf(m, ids) : []]) : [[], []];
          const historyOf = groupBy(histories, (h) => h.exception_id, historyRowToDto);
          const commentsOfId = groupBy(comments, (c) => c.exception_id, commentRowToDto);
          for (const r of rows) {
            const e = exceptionRowToDto(r, now);
            const text =
              format === 'json'
                ? jsonArrayItem({ ...e, history: historyOf.get(e.id) ?? [], comments: commentsOfId.get(e.id) ?? [] }, count++)
                : history
                  ? exceptionHistoryCsvLines(e, historyOf.get(e.id) ?? [])
                  : exceptionCsvLine(e);
            if (!(await write(text))) return;
          }
          if (rows.length < EXPORT_BATCH) break;
          const last = rows[rows.length - 1]!;
          cursor = encodeCursor([sort.sort, last.sort_key, last.id]);
        }
        if (format === 'json') await write(jsonArrayClosing(count));
      }),
    );
  }
}

const me = (p: RequestPrincipal | undefined) => (p?.kind === 'user' ? p.userId : null);

/** Rows grouped by a key, each mapped, in their order. */
function groupBy<R, T>(rows: readonly R[], key: (r: R) => string, map: (r: R) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(map(r));
    else out.set(k, [map(r)]);
  }
  return out;
}
