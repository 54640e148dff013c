import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Ingest keys scoped to flows and expiring; every hop and run records the key that sent it;
 * a hop's idempotency key is unique per flow (apps/api/src/auth/ingest-keys.service.ts,
 * apps/api/src/ingest/telemetry-writer.ts).
 *
 * - `ingest_keys.flows` (null: every flow) and `ingest_keys.expires_at` (null: never).
 * - `hops.ingest_key_id` and `runs.ingest_key_id`: null for rows stored before this migration
 *   and for rows Closewatch writes itself. No foreign key: keys are revoked, never deleted, and
 *   a foreign key would fire a check per inserted hop on the ingest hot path.
 * - `hops_source_key` goes from unique (source, source_id) to unique (source, source_id, flow_id),
 *   so one flow's event ids never dedupe another's. Ids unique across all flows are unique within
 *   each flow, so existing rows need no change. The name stays, so a replica still running the
 *   previous code keeps writing (its `on conflict` names the constraint). `hops` is the largest
 *   table: the new index is built CONCURRENTLY (writes go on meanwhile), then swapped in under a
 *   short lock. CONCURRENTLY cannot run in a transaction, so this migration runs outside one and
 *   each step can be repeated after an interruption. source_id stays the second key, so lookups
 *   by (source, source_id) still use the index.
 */
export class IngestKeyFlows1765000001000 implements MigrationInterface {
  name = 'IngestKeyFlows1765000001000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table ingest_keys add column if not exists flows text[], add column if not exists expires_at timestamptz`);
    // A new nullable column without default only changes the catalog: no table rewrite.
    await q.query(`alter table hops add column if not exists ingest_key_id uuid`);
    await q.query(`alter table runs add column if not exists ingest_key_id uuid`);
    await swapSourceKey(q, ['source', 'source_id', 'flow_id'], true);
  }

  async down(q: QueryRunner): Promise<void> {
    // Per-flow ids may now repeat across flows; the global constraint cannot hold them all.
    const clash = (await q.query(`select source, source_id from hops group by 1, 2 having count(*) > 1 limit 1`)) as { source: string; source_id: string }[];
    if (clash.length) {
      throw new Error(
        `Cannot restore the global hop idempotency key: ${clash[0].source} id "${clash[0].source_id}" is stored for more than one flow; remove the extra hops first`,
      );
    }
    // TypeORM reverts inside a transaction whatever `transaction` says, so no CONCURRENTLY here:
    // a rollback holds off hop writes while the index builds.
    await swapSourceKey(q, ['source', 'source_id'], false);
    await q.query(`alter table runs drop column if exists ingest_key_id`);
    await q.query(`alter table hops drop column if exists ingest_key_id`);
    await q.query(`alter table ingest_keys drop column if exists flows, drop column if exists expires_at`);
  }
}

/** Makes `hops_source_key` unique on exactly these columns, unless it already is. */
async function swapSourceKey(q: QueryRunner, columns: string[], concurrently: boolean): Promise<void> {
  const current = (await q.query(
    `select array_agg(a.attname::text order by k.ord) as columns
       from pg_constraint c, unnest(c.conkey) with ordinality k(attnum, ord), pg_attribute a
      where c.conname = 'hops_source_key' and c.conrelid = 'hops'::regclass and a.attrelid = c.conrelid and a.attnum = k.attnum`,
  )) as { columns: string[] | null }[];
  if (current[0]?.columns?.join() === columns.join()) return;
  // An interrupted concurrent build leaves an invalid index behind: build it again.
  const how = concurrently ? 'concurrently' : '';
  await q.query(`drop index ${how} if exists hops_source_key_next`);
  await q.query(`create unique index ${how} hops_source_key_next on hops (${columns.join(', ')})`);
  // Adding the constraint renames the index to hops_source_key.
  await q.query(`alter table hops drop constraint if exists hops_source_key, add constraint hops_source_key unique using index hops_source_key_next`);
}
