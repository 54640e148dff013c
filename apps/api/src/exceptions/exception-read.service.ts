import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AGE_BUCKETS,
  type AgingCellDto,
  type AgingResponse,
  type ExceptionCommentDto,
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
import { EXCEPTION_CSV_HEADER, exceptionCsvLine } from './exception-csv';
import { historyRowToDto } from './exception-history';
import { type ExceptionFilters, sortSpec } from './exception-list-sql';
import { exceptionRowToDto } from './exception-row';
import { agingRows, exceptionDetail, exceptionPage, exceptionsByIds, exceptionsOfIncident, findUser } from './exceptions.queries';
import { type AgingQuery, type ExceptionFiltersQuery, type ExceptionsExportQuery, type ExceptionsQuery } from './exceptions.schemas';

/** Rows fetched per round trip while streaming an export. */
const EXPORT_BATCH = 500;

/** The read side of exceptions: lists, one exception with its history, the aging report, CSV export. */
@Injectable()
export class ExceptionReadService {
  private readonly logger = new Logger('exceptions');

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

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
      comments: comments.map((c): ExceptionCommentDto => ({
        id: c.id,
        at: c.created_at.toISOString(),
        author: { kind: 'user', id: c.author_id, email: c.author_label },
        text: c.text,
      })),
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
   * Streams the filtered, sorted exceptions as CSV in batches (never the whole result in
   * memory), from one read-only REPEATABLE READ snapshot so pages cannot skip or repeat rows.
   * Stops when the client goes away.
   */
  async exportCsv(q: ExceptionsExportQuery, me: string | null, res: Response): Promise<void> {
    const now = new Date();
    const filters = await this.resolveFilters(q, me);
    const sort = sortSpec(q.sort);
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('set transaction read only');
      res.status(200);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="exceptions-${now.toISOString().replace(/[:.]/g, '-')}.csv"`);
      res.setHeader('Cache-Control', 'no-store');
      let open = await write(res, csvLine(EXCEPTION_CSV_HEADER));
      let cursor: string | undefined;
      while (open) {
        const rows = await exceptionPage(runner.manager, filters, sort, cursor, EXPORT_BATCH, now);
        if (!rows.length) break;
        open = await write(res, rows.map((r) => exceptionCsvLine(exceptionRowToDto(r, now))).join(''));
        if (rows.length < EXPORT_BATCH) break;
        const last = rows[rows.length - 1]!;
        cursor = encodeCursor([sort.sort, last.sort_key, last.id]);
      }
      await runner.commitTransaction();
      if (open) res.end();
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      // Once rows were sent the status cannot change: cut the response so the client sees it incomplete.
      if (!res.headersSent) throw err;
      this.logger.error({ msg: 'exception export failed after it started; response cut', err: err instanceof Error ? err.message : String(err) });
      res.destroy();
    } finally {
      await runner.release();
    }
  }
}

/** Writes with backpressure; returns false when the client has gone away. */
function write(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
