import { type EntityManager } from 'typeorm';
import { type ReceiverKind } from '@closewatch/contracts/alerts';
import { returnedRows } from '../../common/query-records';

type Queryable = Pick<EntityManager, 'query'>;

export interface ReceiverRow {
  name: string;
  kind: ReceiverKind;
  url_ciphertext: string;
  url_hint: string;
  routing_key_ciphertext: string | null;
  secret_ciphertext: string | null;
  key_id: string;
  created_at: Date;
  updated_at: Date;
}

export interface ReceiverWrite {
  name: string;
  kind: ReceiverKind;
  urlCiphertext: string;
  urlHint: string;
  routingKeyCiphertext: string | null;
  secretCiphertext: string | null;
  keyId: string;
  createdBy: string | null;
}

/** Stores a new receiver; no row when the name is taken. */
export async function insertReceiver(m: Queryable, r: ReceiverWrite): Promise<ReceiverRow | undefined> {
  const rows: ReceiverRow[] = await m.query(
    `insert into alert_receivers (name, kind, url_ciphertext, url_hint, routing_key_ciphertext, secret_ciphertext, key_id, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (name) do nothing returning *`,
    [r.name, r.kind, r.urlCiphertext, r.urlHint, r.routingKeyCiphertext, r.secretCiphertext, r.keyId, r.createdBy],
  );
  return rows[0];
}

export async function updateReceiver(m: Queryable, r: ReceiverWrite): Promise<ReceiverRow | undefined> {
  const result: unknown = await m.query(
    `update alert_receivers set kind = $2, url_ciphertext = $3, url_hint = $4, routing_key_ciphertext = $5, secret_ciphertext = $6, key_id = $7, updated_at = now()
      where name = $1 returning *`,
    [r.name, r.kind, r.urlCiphertext, r.urlHint, r.routingKeyCiphertext, r.secretCiphertext, r.keyId],
  );
  return returnedRows<ReceiverRow>(result)[0];
}

export async function receiverByName(m: Queryable, name: string, lock = false): Promise<ReceiverRow | undefined> {
  const rows: ReceiverRow[] = await m.query(`select * from alert_receivers where name = $1 ${lock ? 'for update' : ''}`, [name]);
  return rows[0];
}

export function listReceivers(m: Queryable, after: string | undefined, limit: number): Promise<ReceiverRow[]> {
  return m.query(`select * from alert_receivers where ($1::text is null or name > $1) order by name limit $2`, [after ?? null, limit]);
}

export async function deleteReceiver(m: Queryable, name: string): Promise<boolean> {
  return returnedRows(await m.query(`delete from alert_receivers where name = $1 returning name`, [name])).length > 0;
}

/** Routes that send to the receiver (directly or in their escalation chain). */
export async function routesUsing(m: Queryable, name: string): Promise<string[]> {
  const rows: { name: string }[] = await m.query(
    `select name from alert_routes where $1 = any(receivers) or escalation @> jsonb_build_array(jsonb_build_object('receiver', $1::text)) order by name`,
    [name],
  );
  return rows.map((r) => r.name);
}
