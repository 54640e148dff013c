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
  type Severity,
} from '@closewatch/contracts/exceptions';
import { type Page } from '@closewatch/contracts/pagination';
import { ApiError } from '../common/api-error';
import { encodeCursor, toPage } from '../common/pagination';
import { csvLine } from '../common/csv';
import { SqlParams } from '../common/sql-params';
import { findUser } from './acting-users';
import { AGE_BUCKET_BOUNDS } from './age-bucket';
import { EXCEPTION_CSV_HEADER, exceptionCsvLine } from './exception-csv';
import { historyRowToDto, type HistoryRow } from './exception-history';
import {
  ageBucketIndexExpression,
  applyCursor,
  applyExceptionFilters,
  type ExceptionFilters,
  isUuid,
  orderByOf,
  sortKeyColumn,
  sortSpec,
  type SortSpec,
} from './exception-query';
import { EXCEPTION_COLUMNS, EXCEPTION_FROM, EXCEPTION_USER_JOINS, type ExceptionRow, exceptionRowToDto } from './exception-row';
import { type AgingQuery, type ExceptionFiltersQuery, type ExceptionsExportQuery, type ExceptionsQuery } from './exceptions.schemas';

/** Rows fetched per round trip while streaming an export. */
const EXPORT_BATCH = 500;

type SortedRow = ExceptionRow & { sort_key: string };

/** The read side of exceptions: lists, one exception with its history, the aging report, CSV export. */
@Injectable()
export class ExceptionQueriesService {
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
    const rows = await this.page(this.ds.manager, filters, sort, q.cursor, q.limit + 1, now);
    return toPage(rows, q.limit, (r) => exceptionRowToDto(r, now), (r) => [sort.sort, r.sort_key, r.id]);
  }

  /**
   * One page in two steps: the page's ids and sort keys from `exceptions` alone, which an index
   * answers (index-only where it covers the filters: a record-key search, the unresolved queue
   * with age or overdue filters), then those rows with their users. Joining the users first
   * would join every candidate row before the limit.
   */
  private async page(m: EntityManager, filters: ExceptionFilters, sort: SortSpec, cursor: string | undefined, limit: number, now: Date): Promise<SortedRow[]> {
    const p = applyExceptionFilters(new SqlParams(), filters, now);
    applyCursor(p, sort, cursor);
    const orderBy = orderByOf(sort);
    return m.query(
      `select ${EXCEPTION_COLUMNS}, k.sort_key
         from (select e.id, ${sortKeyColumn(sort)} from exceptions e ${p.where()} ${orderBy} limit ${p.add(limit)}) k
         join exceptions e on e.id = k.id ${EXCEPTION_USER_JOINS}
        ${orderBy}`,
      p.values,
    );
  }

  async get(id: string): Promise<ExceptionDetailDto> {
    if (!isUuid(id)) throw ApiError.notFound(`exception ${id}`);
    const now = new Date();
    const rows: (ExceptionRow & { context: Record<string, unknown>; severity_reasons: string[]; close_deadline: Date | null })[] = await this.ds.query(
      `select ${EXCEPTION_COLUMNS}, e.context, e.severity_reasons, e.close_deadline ${EXCEPTION_FROM} where e.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) throw ApiError.notFound(`exception ${id}`);
    const [history, comments]: [HistoryRow[], { id: string; created_at: Date; author_id: string; author_label: string; text: string }[]] = await Promise.all([
      this.ds.query(
        `select h.id::text as id, h.at, h.action, h.actor_id, h.actor_label, h.from_status, h.to_status, h.reason, h.details
           from exception_history h where h.exception_id = $1 order by h.id`,
        [id],
      ),
      this.ds.query(
        `select c.id::text as id, c.created_at, c.author_id, c.author_label, c.text from exception_comments c where c.exception_id = $1 order by c.id`,
        [id],
      ),
    ]);
    return {
      ...exceptionRowToDto(row, now),
      context: row.context,
      severityReasons: row.severity_reasons,
      closeDeadline: row.close_deadline?.toISOString() ?? null,
      history: history.map(historyRowToDto),
      comments: comments.map(
        (c): ExceptionCommentDto => ({ id: c.id, at: c.created_at.toISOString(), author: { kind: 'user', id: c.author_id, email: c.author_label }, text: c.text }),
      ),
    };
  }

  /** The exceptions with these ids, in the order given (unknown ids are skipped). */
  async byIds(ids: readonly string[], m: EntityManager = this.ds.manager): Promise<ExceptionDto[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    const now = new Date();
    const rows: ExceptionRow[] = await m.query(`select ${EXCEPTION_COLUMNS} ${EXCEPTION_FROM} where e.id = any($1::uuid[])`, [valid]);
    const byId = new Map(rows.map((r) => [r.id, exceptionRowToDto(r, now)]));
    return valid.map((id) => byId.get(id)).filter((x): x is ExceptionDto => x !== undefined);
  }

  /** Unresolved exceptions by age bucket and severity: counts, overdue counts and amounts per currency. */
  async aging(q: AgingQuery, me: string | null): Promise<AgingResponse> {
    const now = new Date();
    const filters = await this.resolveFilters(q, me);
    const p = applyExceptionFilters(new SqlParams(), { ...filters, status: ['open', 'acknowledged'] }, now);
    const nowParam = p.add(now);
    // Grouped by severity and currency (a few dozen groups the planner can hash), with one array
    // element per age bucket: grouping by the bucket expression itself makes the planner expect a
    // group per row and sort them all (docs/benchmarks.md, "Exceptions").
    const perBucket = (aggregate: (bucket: string) => string, type: string) => `array[${AGE_BUCKET_BOUNDS.map((_, k) => aggregate(`b.k = ${k}`)).join(', ')}]::${type}[]`;
    const overdue = `e.sla_due_at < ${nowParam}`;
    const rows: { severity: Severity | null; currency: string | null; is_total: boolean; counts: number[]; overdue: number[]; amounts: (string | null)[]; count: number; overdue_count: number; amount: string | null }[] =
      await this.ds.query(
        `select e.severity, e.currency, grouping(e.severity) <> 0 as is_total,
                ${perBucket((b) => `count(*) filter (where ${b})`, 'int')} as counts,
                ${perBucket((b) => `count(*) filter (where ${b} and ${overdue})`, 'int')} as overdue,
                ${perBucket((b) => `sum(e.amount_at_risk) filter (where ${b})`, 'text')} as amounts,
                count(*)::int as count, count(*) filter (where ${overdue})::int as overdue_count, sum(e.amount_at_risk)::text as amount
           from exceptions e cross join lateral (select ${ageBucketIndexExpression(nowParam)} as k) b
           ${p.where()}
          group by grouping sets ((e.severity, e.currency), (e.currency))`,
        p.values,
      );
    const cells = new Map<string, AgingCellDto>();
    for (const ageBucket of AGE_BUCKETS) for (const severity of SEVERITIES) cells.set(`${ageBucket}|${severity}`, { ageBucket, severity, count: 0, overdue: 0, amounts: [] });
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
        const rows = await this.page(runner.manager, filters, sort, cursor, EXPORT_BATCH, now);
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

/** Writes with backpressure; answers false when the client has gone away. */
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
