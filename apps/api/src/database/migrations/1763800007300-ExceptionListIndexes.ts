import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Equality filters of the exception list, as trailing index keys: checked inside the index, so rows that fail them are never read. */
const FILTER_KEYS = 'status, flow_id, type, severity, entity, period, currency, assignee_id';
const UNRESOLVED = `where status in ('open', 'acknowledged')`;

/**
 * Indexes the exceptions list benchmark at 1M exceptions showed were missing (docs/benchmarks.md,
 * "Exceptions"):
 *
 * - The record-key text search (`q`, ILIKE '%…%') read the whole table: a trigram GIN index
 *   (pg_trgm, a trusted contrib extension) finds rare fragments; `record_key` as an INCLUDE
 *   column of the last-seen index lets a common fragment be searched by an index-only walk.
 * - `incident=` walked the whole last-seen index, and `period=` of an old period walked past
 *   every newer exception (periods follow time): (incident_id, last_seen_at, id) and
 *   (period, last_seen_at, id) read them in list order.
 * - The unresolved queue (open and acknowledged, the working set) with selective filters walked
 *   every row in sort order and read each from the heap to reject it: one partial index per sort
 *   order over unresolved exceptions only, with the equality filters as trailing keys. The
 *   last-seen one also covers the aging report and the age and overdue filters (INCLUDE), so
 *   those are index-only.
 */
export class ExceptionListIndexes1763800007300 implements MigrationInterface {
  name = 'ExceptionListIndexes1763800007300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create extension if not exists pg_trgm`);
    await q.query(`create index exceptions_record_key_trgm_idx on exceptions using gin (record_key gin_trgm_ops)`);

    await q.query(`drop index exceptions_last_seen_idx`);
    await q.query(`create index exceptions_last_seen_idx on exceptions (last_seen_at, id) include (record_key)`);

    await q.query(`drop index exceptions_incident_idx`);
    await q.query(`create index exceptions_incident_last_seen_idx on exceptions (incident_id, last_seen_at, id) where incident_id is not null`);

    await q.query(`drop index exceptions_period_idx`);
    await q.query(`create index exceptions_period_last_seen_idx on exceptions (period, last_seen_at, id)`);

    await q.query(
      `create index exceptions_unresolved_last_seen_idx on exceptions (last_seen_at, id, ${FILTER_KEYS})
         include (first_seen_at, closed_at, sla_due_at, amount_at_risk, incident_id) ${UNRESOLVED}`,
    );
    await q.query(`create index exceptions_unresolved_first_seen_idx on exceptions (first_seen_at, id, ${FILTER_KEYS}) ${UNRESOLVED}`);
    await q.query(`create index exceptions_unresolved_severity_idx on exceptions (severity_rank, id, ${FILTER_KEYS}) ${UNRESOLVED}`);
    await q.query(`create index exceptions_unresolved_amount_idx on exceptions ((coalesce(amount_at_risk, -1)), id, ${FILTER_KEYS}) ${UNRESOLVED}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index exceptions_unresolved_amount_idx`);
    await q.query(`drop index exceptions_unresolved_severity_idx`);
    await q.query(`drop index exceptions_unresolved_first_seen_idx`);
    await q.query(`drop index exceptions_unresolved_last_seen_idx`);
    await q.query(`drop index exceptions_period_last_seen_idx`);
    await q.query(`create index exceptions_period_idx on exceptions (period)`);
    await q.query(`drop index exceptions_incident_last_seen_idx`);
    await q.query(`create index exceptions_incident_idx on exceptions (incident_id) where incident_id is not null`);
    await q.query(`drop index exceptions_last_seen_idx`);
    await q.query(`create index exceptions_last_seen_idx on exceptions (last_seen_at, id)`);
    await q.query(`drop index exceptions_record_key_trgm_idx`);
    // pg_trgm stays: another object may have come to use it, and keeping an extension is harmless.
  }
}
