// A set-based load into a table without its keys and indexes: they are dropped before the load
// and restored afterwards from their own definitions (one sort per index and one anti-join per
// foreign key instead of millions of random index insertions and foreign-key lookups); check
// constraints stay on throughout. Run inside the loading transaction.

/** The indexes and constraints of `table` and the foreign keys pointing at it, as definitions. */
export async function tableSchema(client, table) {
  const { rows } = await client.query(
    `select 'index ' || indexdef as d from pg_indexes where schemaname = current_schema() and tablename = $1
     union all
     select format('constraint %s.%s %s%s', conrelid::regclass, conname, pg_get_constraintdef(oid), case when convalidated then '' else ' (not validated)' end)
       from pg_constraint where conrelid = $1::regclass or confrelid = $1::regclass
     order by 1`,
    [table],
  );
  return rows.map((r) => r.d);
}

export function quoteIdent(s) {
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * Drops the primary and unique keys, the indexes and the foreign keys of `table` (and those
 * pointing at it). Returns what was dropped (counts) and `restore()`, which adds them back and
 * fails unless the schema is then identical to what it was; it answers the seconds it took.
 */
export async function dropKeysAndIndexes(client, table) {
  const before = await tableSchema(client, table);
  const constraints = (
    await client.query(
      `select conrelid::regclass::text as tbl, conname, contype, pg_get_constraintdef(oid) as def from pg_constraint
        where (conrelid = $1::regclass and contype in ('p', 'u', 'f')) or (confrelid = $1::regclass and contype = 'f')`,
      [table],
    )
  ).rows;
  const indexes = (
    await client.query(
      `select indexname, indexdef from pg_indexes
        where schemaname = current_schema() and tablename = $1
          and indexname not in (select conname from pg_constraint where conrelid = $1::regclass)`,
      [table],
    )
  ).rows;
  const foreignKeys = constraints.filter((c) => c.contype === 'f');
  const keys = constraints.filter((c) => c.contype !== 'f');
  for (const c of [...foreignKeys, ...keys]) await client.query(`alter table ${c.tbl} drop constraint ${quoteIdent(c.conname)}`);
  for (const ix of indexes) await client.query(`drop index ${quoteIdent(ix.indexname)}`);
  return {
    keys: keys.length,
    indexes: indexes.length,
    foreignKeys: foreignKeys.length,
    async restore() {
      const started = performance.now();
      for (const c of keys) await client.query(`alter table ${c.tbl} add constraint ${quoteIdent(c.conname)} ${c.def}`);
      for (const ix of indexes) await client.query(ix.indexdef);
      for (const c of foreignKeys) await client.query(`alter table ${c.tbl} add constraint ${quoteIdent(c.conname)} ${c.def}`);
      const after = await tableSchema(client, table);
      if (JSON.stringify(after) !== JSON.stringify(before))
        throw new Error(`${table} schema differs after the load:\n${after.filter((d) => !before.includes(d)).join('\n')}`);
      return (performance.now() - started) / 1000;
    },
  };
}

/**
 * Begins the loading transaction, set for set-based generation: UTC, no synchronous commit, sort
 * memory for the index builds, no JIT (it would spend longer compiling the generator's
 * expressions than evaluating them), and a fixed seed so every run generates the same data.
 */
export async function beginBulkLoad(client) {
  await client.query('begin');
  await client.query(`set local timezone = 'UTC'`);
  await client.query(`set local synchronous_commit = off`);
  await client.query(`set local maintenance_work_mem = '256MB'`);
  await client.query(`set local work_mem = '256MB'`);
  await client.query(`set local jit = off`);
  await client.query(`select setseed(0.4242)`);
}
