import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ConfigError, loadConfig } from './config/config';
import { runningServerPid, startEmbeddedPostgres } from './database/embedded-postgres';
import { SECRET_KEY_BYTES } from './config/secret-key';
import { secretKeyId } from './recon/secrets/secret-box';
import { loadOrCreateKeyFile, promoteNewKeyFile, readKeyFile, SecretKeyFileError, writeNewKeyFile } from './config/secret-key-file';
import { rotateStoredSecrets, SecretRotationError } from './recon/secrets/secret-rotation';
import { resealReceivers } from './alerts/receivers/receiver-secrets';

const USAGE = `Usage: npm run secrets:rotate -- [--new-key-file PATH]

Re-encrypts every stored secret (connection URLs, alert receivers' URLs, routing keys and
secrets) with a new key, in one transaction.
Stop Closewatch first (every replica): a running server keeps using the old key.
The database and the current key come from the same settings as the server
(DATABASE_URL or the embedded database in CLOSEWATCH_DATA_DIR; CLOSEWATCH_SECRET_KEY,
CLOSEWATCH_SECRET_KEY_FILE, or <CLOSEWATCH_DATA_DIR>/secret-key).

  Key in <CLOSEWATCH_DATA_DIR>/secret-key (the default): a new key is generated (or taken
  from --new-key-file) and replaces it once every secret is re-encrypted; the old key is
  kept as secret-key.old.
  Key in CLOSEWATCH_SECRET_KEY or CLOSEWATCH_SECRET_KEY_FILE: --new-key-file is required
  (make one with: openssl rand -base64 32 > new-key); afterwards point
  CLOSEWATCH_SECRET_KEY_FILE at it (or set CLOSEWATCH_SECRET_KEY) and start Closewatch.
`;

/** The rotation command (docs/configuration.md, "Secret key"). Exits 0 when done, 1 having changed nothing, 2 on bad usage. */
async function main(): Promise<number> {
  let newKeyFile: string | undefined;
  try {
    const { values } = parseArgs({ options: { 'new-key-file': { type: 'string' }, help: { type: 'boolean' } }, strict: true });
    if (values.help) return usage(0);
    newKeyFile = values['new-key-file'];
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n`);
    return usage(2);
  }
  const config = loadConfig();
  const { secretKey, secretKeyFile } = config.recon;
  const inDataDir = secretKey === undefined;
  if (!inDataDir && !newKeyFile) {
    process.stderr.write(`The key comes from ${config.recon.secretKeySource}: give the new one with --new-key-file.\n\n`);
    return usage(2);
  }
  const oldKey = secretKey ?? loadOrCreateKeyFile(secretKeyFile).key;
  const newKey = newKeyFile ? readKeyFile(resolve(newKeyFile)) : randomBytes(SECRET_KEY_BYTES);
  if (!newKey) throw new SecretKeyFileError(`${resolve(newKeyFile!)} does not exist`);
  if (newKey.equals(oldKey)) throw new SecretKeyFileError('the new key is the current key');

  const log = (m: string) => process.stdout.write(`${m}\n`);
  let databaseUrl = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!databaseUrl) {
    const pid = runningServerPid(config.dataDir);
    if (pid !== undefined) throw new SecretRotationError(`the embedded PostgreSQL (pid ${pid}) is running: stop Closewatch first`);
    const embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, { log, warn: log });
    databaseUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  // The new key is on disk before the transaction commits, so it is never only in this process's memory.
  const nextFile = `${secretKeyFile}.new`;
  if (inDataDir) {
    rmSync(nextFile, { force: true });
    writeNewKeyFile(nextFile, newKey);
  }
  const client = new Client({ connectionString: databaseUrl, application_name: 'closewatch-secrets-rotate' });
  try {
    await client.connect();
    const { connections, others } = await rotateStoredSecrets(client, oldKey, newKey, [resealReceivers]);
    if (inDataDir) promoteNewKeyFile(secretKeyFile);
    log(`re-encrypted ${connections.length} stored connection URL(s) with key id ${secretKeyId(newKey)} (was ${secretKeyId(oldKey)})`);
    log(`re-encrypted ${others.length} alert receiver secret(s)`);
    log(
      inDataDir
        ? `the new key is in ${secretKeyFile}; the old one is in ${secretKeyFile}.old (delete it once backups no longer need it)`
        : `now set CLOSEWATCH_SECRET_KEY_FILE=${resolve(newKeyFile!)} (or CLOSEWATCH_SECRET_KEY to its contents) and start Closewatch`,
    );
    return 0;
  } catch (err) {
    if (inDataDir) rmSync(nextFile, { force: true });
    throw err;
  } finally {
    await client.end().catch(() => undefined);
    await stopEmbedded?.();
  }
}

function usage(code: number): number {
  (code === 0 ? process.stdout : process.stderr).write(USAGE);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof SecretKeyFileError || err instanceof SecretRotationError;
    process.stderr.write(
      `secrets:rotate failed, nothing was changed: ${known ? (err as Error).message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
