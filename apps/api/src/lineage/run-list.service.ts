import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Page } from '@closewatch/contracts/pagination';
import { type RunDto } from '@closewatch/contracts/telemetry';
import { toPage } from '../common/pagination';
import { decodeIdCursor } from './id-cursor';
import { type RunsQuery } from './lineage.schemas';
import { type RunRecord, runRecordToDto } from './run-record';
import { SqlFilter } from './sql-filter';

/** No other report of the same run outranks this one (finished beats started, then later beats earlier). */
const IS_HEAD_REPORT = `not exists (
  select 1 from runs o
   where o.flow_id = r.flow_id and o.run_id = r.run_id and o.id <> r.id
     and ((o.status <> 'started') > (r.status <> 'started')
          or ((o.status <> 'started') = (r.status <> 'started') and o.id > r.id)))`;

/**
 * Batch runs, one item per run. A run is reported once per status (started, then succeeded or
 * failed); its item is its head report: the latest finished report if there is one, else the
 * started one, completed with what the started report said (start time, period, entity…).
 * Items are ordered and paged by the head report's id, newest first; `status` filters on the
 * run's current status.
 * The started report is looked up in a lateral subquery: `runs` is partitioned by the report's
 * own time (apps/api/src/database/telemetry-partitions.ts), so a run's reports may sit in different
 * partitions, and as a plain join the planner misjudged the flow filter on each partition and
 * scanned the flow's runs per item (65 ms against 1 ms for a page of 50, 260,000 runs); the
 * latest started report wins should a run have been reported started twice with different times.
 */
@Injectable()
export class RunListService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(q: RunsQuery): Promise<Page<RunDto>> {
    const f = new SqlFilter()
      .add('r.flow_id = $?', q.flow)
      .add('r.status = $?', q.status)
      .add('r.id < $?::bigint', decodeIdCursor(q.cursor))
      .always(IS_HEAD_REPORT);
    const rows: RunRecord[] = await this.ds.query(
      `select r.id, r.flow_id, r.run_id, r.status,
              coalesce(r.started_at, s.started_at) as started_at, r.finished_at,
              coalesce(r.rows_read, s.rows_read) as rows_read,
              coalesce(r.rows_written, s.rows_written) as rows_written,
              coalesce(r.rows_rejected, s.rows_rejected) as rows_rejected,
              coalesce(r.period, s.period) as period, coalesce(r.entity, s.entity) as entity,
              coalesce(r.watermark, s.watermark) as watermark,
              r.error_code, r.error_message, r.received_at, r.ingest_key_id,
              exists (select 1 from flows fl where fl.id = r.flow_id) as registered
         from runs r
         left join lateral (
           select * from runs s where s.flow_id = r.flow_id and s.run_id = r.run_id and s.status = 'started' and s.id <> r.id
            order by s.id desc limit 1) s on true
        ${f.where()}
        order by r.id desc
        limit ${f.param(q.limit + 1)}`,
      f.params,
    );
    return toPage(rows, q.limit, runRecordToDto, (r) => [r.id]);
  }
}
