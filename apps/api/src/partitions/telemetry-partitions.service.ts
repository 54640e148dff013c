import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '../audit/audit-log.service';
import { type AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { deleteExpiredDefaultRows, deleteExpiredKeys, dropMonthPartition, makeMonthPartition, monthPartitions, monthsInDefault } from './partitions.queries';
import {
  addMonths,
  defaultPartitionName,
  monthExpired,
  monthStart,
  monthsToMake,
  type PartitionedTable,
  retentionCutoff,
  TELEMETRY_TABLES,
} from '../database/telemetry-partitions';

/** What one maintenance pass did. */
export interface MaintenanceResult {
  made: { partition: string; movedRows: number }[];
  dropped: { partition: string; rows: number }[];
  /** Rows deleted from default partitions, per table (only tables that had some). */
  expiredDefaultRows: { table: string; rows: number }[];
  /** Idempotency keys deleted with them (event_keys, run_keys), per key table, after a drop or deletion. */
  expiredKeys: { table: string; keys: number }[];
}

/** A session advisory lock: one maintenance pass at a time across replicas. */
const LOCK_SQL = `hashtextextended('closewatch:telemetry-partitions', 0)`;
/** How far back, without a retention, past months are given partitions for rows in the default partition. */
const YEARS_BACK = 10;
/** A step waits at most this long for a table lock (a long query on the table) and is retried next pass. */
const LOCK_TIMEOUT = '5s';

/**
 * Keeps the telemetry tables' monthly partitions (apps/api/src/database/telemetry-partitions.ts):
 * makes this month's and the next MONTHS_AHEAD months' partitions, and those of past months whose
 * rows wait in the default partition (moving them in), and with
 * CLOSEWATCH_RETENTION_DAYS set detaches and drops every month partition whose whole range is
 * past the retention, and deletes the default partition's rows past it. Never a DELETE over a
 * month partition. Each step is its own short transaction (so ingest waits on no long lock), and
 * every drop or deletion writes an audit entry by Closewatch itself in the same transaction.
 * One replica at a time (advisory lock); the others skip the pass.
 */
@Injectable()
export class TelemetryPartitions {
  private readonly logger = new Logger('partitions');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditLog,
  ) {}

  /** One pass; undefined when another replica is running one. */
  async maintain(now = new Date()): Promise<MaintenanceResult | undefined> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      const [lock] = (await runner.query(`select pg_try_advisory_lock(${LOCK_SQL}) as ok`)) as { ok: boolean }[];
      if (!lock?.ok) return undefined;
      try {
        return await this.pass(runner, now);
      } finally {
        await runner.query(`select pg_advisory_unlock(${LOCK_SQL})`);
      }
    } finally {
      await runner.release();
    }
  }

  private async pass(runner: QueryRunner, now: Date): Promise<MaintenanceResult> {
    const result: MaintenanceResult = { made: [], dropped: [], expiredDefaultRows: [], expiredKeys: [] };
    const cutoff = retentionCutoff(now, this.config.retentionDays);
    for (const t of TELEMETRY_TABLES) {
      const existing = await monthPartitions(runner.manager, t.table);
      const have = new Set(existing.map((p) => p.month.getTime()));
      const ahead = monthsToMake(now);
      // Past months that have rows waiting in the default partition, back to the retention (else ten years).
      const oldest = cutoff ? monthStart(cutoff) : addMonths(monthStart(now), -12 * YEARS_BACK);
      const waiting = await monthsInDefault(runner.manager, t, oldest, addMonths(ahead[ahead.length - 1]!, 1));
      const toMake = new Map([...waiting, ...ahead].filter((m) => !have.has(m.getTime())).map((m) => [m.getTime(), m]));
      for (const month of [...toMake.values()].sort((a, b) => a.getTime() - b.getTime())) {
        const movedRows = await step(runner, (m) => makeMonthPartition(m, t, month));
        result.made.push({ partition: `${t.table}:${month.toISOString().slice(0, 7)}`, movedRows });
        this.logger.log({ msg: 'telemetry partition made', table: t.table, month: month.toISOString().slice(0, 7), movedRows });
      }
      if (!cutoff) continue;
      const expiredMonths = existing.filter((e) => monthExpired(e.month, cutoff));
      for (const p of expiredMonths) {
        const rows = await step(runner, async (m) => {
          const n = await dropMonthPartition(m, t, p.name);
          await this.record(m, t, p.name, { from: p.month.toISOString(), to: addMonths(p.month, 1).toISOString(), rows: n });
          return n;
        });
        result.dropped.push({ partition: p.name, rows });
        this.logger.log({ msg: 'telemetry partition dropped (retention)', partition: p.name, rows });
      }
      const expired = await step(runner, async (m) => {
        const n = await deleteExpiredDefaultRows(m, t, cutoff);
        if (n > 0) await this.record(m, t, defaultPartitionName(t.table), { before: cutoff.toISOString(), rows: n });
        return n;
      });
      if (expired > 0) result.expiredDefaultRows.push({ table: t.table, rows: expired });
      if (t.keys && (expired > 0 || expiredMonths.length > 0)) {
        const keys = await step(runner, (m) => deleteExpiredKeys(m, t, monthStart(cutoff)));
        result.expiredKeys.push({ table: t.keys.table, keys });
        this.logger.log({ msg: 'idempotency keys of dropped telemetry deleted (retention)', table: t.keys.table, keys });
      }
    }
    return result;
  }

  /** The audit entry of a retention deletion, by Closewatch itself (docs/audit.md). */
  private async record(m: EntityManager, t: PartitionedTable, partition: string, what: Record<string, unknown>): Promise<void> {
    await this.audit.append(m, {
      actor: SYSTEM_ACTOR,
      action: 'telemetry.retention_deleted',
      objectType: 'telemetry_partition',
      objectId: partition,
      after: { table: t.table, ...what, retentionDays: this.config.retentionDays },
    });
  }
}

/** Runs one step in its own transaction on the locked connection, waiting at most LOCK_TIMEOUT for locks. */
async function step<T>(runner: QueryRunner, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  await runner.startTransaction();
  try {
    await runner.query(`set local lock_timeout = '${LOCK_TIMEOUT}'`);
    const value = await fn(runner.manager);
    await runner.commitTransaction();
    return value;
  } catch (err) {
    await runner.rollbackTransaction();
    throw err;
  }
}
