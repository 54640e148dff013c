import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Page } from '@closewatch/contracts/pagination';
import { type HopDto } from '@closewatch/contracts/telemetry';
import { toPage } from '../common/pagination';
import { HOP_COLUMNS, type HopRecord, hopRecordToDto } from './hop-record';
import { decodeIdCursor } from './id-cursor';
import { type HopsQuery } from './lineage.schemas';
import { SqlFilter } from './sql-filter';

@Injectable()
export class HopsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Hops newest first (by id: the order they were written), filtered, one keyset page. */
  async list(q: HopsQuery): Promise<Page<HopDto>> {
    const f = new SqlFilter()
      .add('h.flow_id = $?', q.flow)
      .add('h.record_key = $?', q.recordKey)
      .add('h.stage = $?', q.stage)
      .add('h.status = $?', q.status)
      .add('h.system = $?', q.system)
      .add('h.entity = $?', q.entity)
      .add('h.period = $?', q.period)
      .add('h.id < $?::bigint', decodeIdCursor(q.cursor));
    const rows: HopRecord[] = await this.ds.query(`select ${HOP_COLUMNS} from hops h ${f.where()} order by h.id desc limit ${f.param(q.limit + 1)}`, f.params);
    return toPage(rows, q.limit, hopRecordToDto, (r) => [r.id]);
  }
}
