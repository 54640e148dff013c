import { type EntityManager } from 'typeorm';
import { type OutboxItem } from './sync-findings';

/**
 * Queues findings and auto-resolve signals in the transaction that produced them (so a crash
 * loses none and a re-run adds none); they are handed to the exception intake after commit,
 * in queue order, and deleted once the intake took them.
 */
export async function enqueueOutbox(m: EntityManager, items: readonly OutboxItem[]): Promise<void> {
  if (!items.length) return;
  await m.query(
    `insert into sync_findings_outbox (payload)
     select p from unnest($1::jsonb[]) with ordinality as t(p, n) order by n`,
    [items.map((i) => JSON.stringify(i))],
  );
}

export interface OutboxEntry {
  id: string;
  item: OutboxItem;
}

export async function peekOutbox(m: EntityManager, limit: number): Promise<OutboxEntry[]> {
  const rows: { outbox_id: string; payload: OutboxItem }[] = await m.query(
    // Ordered by the bigint column, not by its text (an output name would win in ORDER BY).
    `select o.id::text as outbox_id, o.payload from sync_findings_outbox o order by o.id limit $1`,
    [limit],
  );
  return rows.map((r) => ({ id: r.outbox_id, item: r.payload }));
}

export async function deleteOutbox(m: EntityManager, ids: readonly string[]): Promise<void> {
  if (ids.length) await m.query(`delete from sync_findings_outbox where id = any($1::bigint[])`, [[...ids]]);
}
