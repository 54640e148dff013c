/** Something that runs one SQL statement and answers its rows (a DataSource, an EntityManager, a pg client's rows). */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Pins `keyId` unless a key is pinned already (answers a row only when it pinned). */
const PIN = `insert into secret_key_pin (id, key_id) values (true, $1) on conflict (id) do nothing returning key_id`;
const READ_PIN = `select key_id from secret_key_pin`;

/** Moves the pin to the key a rotation sealed everything with (in the rotation's transaction). */
export const REPIN_SECRET_KEY = `
insert into secret_key_pin (id, key_id) values (true, $1)
on conflict (id) do update set key_id = excluded.key_id, pinned_at = now()`;

/**
 * Pins the database to the key with id `keyId` when no key is pinned yet (the first start), and
 * answers the id of the pinned key: the caller refuses to run when it is not its own. Replicas
 * starting together on a new database with different keys: one pins, the others see its key.
 */
export async function pinSecretKey(db: SqlRunner, keyId: string): Promise<string> {
  const pinned = (await db.query(PIN, [keyId])) as { key_id: string }[];
  if (pinned.length) return keyId;
  // Another server pinned first (maybe at this very moment: a new statement sees its commit).
  const [row] = (await db.query(READ_PIN)) as { key_id: string }[];
  if (!row) throw new Error('secret_key_pin has no row after pinning');
  return row.key_id;
}
