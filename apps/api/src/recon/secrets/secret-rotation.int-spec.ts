import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { createTestDatabase } from '../../../test/support/test-database';
import { createApp } from '../../app.factory';
import { ConfigError, loadConfig } from '../../config/config';
import { ReceiversService } from '../../alerts/receivers/receivers.service';
import { ConnectionsService } from '../connections/connections.service';
import { secretKeyId } from './secret-box';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'rotate-secrets.js');

/** `npm run secrets:rotate` as an operator runs it (the built command), on a test database. */
function rotate(env: Record<string, string>, args: string[] = []): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe('secrets:rotate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'closewatch-rotate-'));
  let db: { url: string; drop(): Promise<void> };
  let app: NestExpressApplication | undefined;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the API first (npm run build)`);
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const keyFile = (name: string, key = randomBytes(32)) => {
    writeFileSync(join(dir, name), `${key.toString('base64')}\n`, { mode: 0o600 });
    return join(dir, name);
  };
  const env = (extra: Record<string, string>) => ({ DATABASE_URL: db.url, CLOSEWATCH_DATA_DIR: join(dir, 'data'), ...extra });

  /** Starts the app with these settings; returns it, or the startup error. */
  async function start(extra: Record<string, string>): Promise<NestExpressApplication | Error> {
    const config = loadConfig({ ...env(extra), HOST: '127.0.0.1', PORT: '0', CLOSEWATCH_DEMO: 'false', CLOSEWATCH_SCHEDULERS: 'false', LOG_LEVEL: 'silent' });
    const started = await createApp(config, db.url);
    try {
      await started.init();
      return (app = started);
    } catch (err) {
      await started.close().catch(() => undefined);
      return err as Error;
    }
  }

  async function testConnection(a: NestExpressApplication, name: string): Promise<boolean> {
    return (await a.get(ConnectionsService).test(name)).ok;
  }

  const stored = async () => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (
        await c.query<{ name: string; url_ciphertext: string; key_id: string }>(`select name, url_ciphertext, key_id from recon_connections order by name`)
      ).rows;
    } finally {
      await c.end();
    }
  };

  it('re-encrypts every stored URL with the new key: usable with it, refused at startup with the old or a wrong one', async () => {
    const oldKey = keyFile('old-key');
    const first = await start({ CLOSEWATCH_SECRET_KEY_FILE: oldKey });
    if (first instanceof Error) throw first;
    for (const name of ['erp', 'ledger']) await first.get(ConnectionsService).create({ name, kind: 'postgres', url: db.url }, null);
    await first.get(ReceiversService).create({ name: 'pd', kind: 'pagerduty', routingKey: 'routing-key-1' }, null);
    expect(await testConnection(first, 'erp')).toBe(true);
    await first.close();
    app = undefined;

    const usage = await rotate(env({ CLOSEWATCH_SECRET_KEY_FILE: oldKey }));
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('--new-key-file is required');

    const newKey = keyFile('new-key');
    const done = await rotate(env({ CLOSEWATCH_SECRET_KEY_FILE: oldKey }), ['--new-key-file', newKey]);
    expect(done).toMatchObject({ code: 0 });
    expect(done.out).toContain('re-encrypted 2 stored connection URL(s)');
    expect(done.out).toContain('re-encrypted 1 alert receiver secret(s)');
    const newId = secretKeyId(Buffer.from(readFileSync(newKey, 'utf8').trim(), 'base64'));
    expect((await stored()).map((r) => r.key_id)).toEqual([newId, newId]);

    const withNew = await start({ CLOSEWATCH_SECRET_KEY_FILE: newKey });
    if (withNew instanceof Error) throw withNew;
    expect(await testConnection(withNew, 'erp')).toBe(true);
    expect(await testConnection(withNew, 'ledger')).toBe(true);
    expect(await withNew.get(ReceiversService).open('pd')).toMatchObject({ routingKey: 'routing-key-1', url: 'https://events.pagerduty.com/v2/enqueue' });
    await withNew.close();
    app = undefined;

    for (const wrong of [oldKey, keyFile('wrong-key')]) {
      const refused = await start({ CLOSEWATCH_SECRET_KEY_FILE: wrong });
      expect(refused).toBeInstanceOf(ConfigError);
      expect((refused as Error).message).toMatch(/cannot decrypt 2 stored connection URL\(s\) \(erp, ledger\), sealed with key id/);
    }
  });

  it('changes nothing when one stored URL does not decrypt', async () => {
    const current = join(dir, 'new-key');
    const c = new Client({ connectionString: db.url });
    await c.connect();
    // An altered value: another row's ciphertext (sealed for another name, so it does not open here).
    await c.query(
      `insert into recon_connections (name, kind, url_ciphertext, key_id) select 'tampered', kind, url_ciphertext, key_id from recon_connections where name = 'erp'`,
    );
    await c.end();
    const before = await stored();
    const failed = await rotate(env({ CLOSEWATCH_SECRET_KEY_FILE: current }), ['--new-key-file', keyFile('another-key')]);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/nothing was changed: connection tampered does not decrypt with the current key/);
    expect(await stored()).toEqual(before);
  });

  it('with the key in the data directory, generates the new key and keeps the old one as secret-key.old', async () => {
    const other = await createTestDatabase();
    try {
      const dataDir = join(dir, 'own-data');
      const own = { DATABASE_URL: other.url, CLOSEWATCH_DATA_DIR: dataDir };
      const config = loadConfig({ ...own, HOST: '127.0.0.1', PORT: '0', CLOSEWATCH_DEMO: 'false', CLOSEWATCH_SCHEDULERS: 'false', LOG_LEVEL: 'silent' });
      let a = await createApp(config, other.url);
      await a.init();
      await a.get(ConnectionsService).create({ name: 'erp', kind: 'postgres', url: other.url }, null);
      await a.close();
      const oldText = readFileSync(join(dataDir, 'secret-key'), 'utf8');

      const done = await rotate(own);
      expect(done).toMatchObject({ code: 0 });
      expect(readFileSync(join(dataDir, 'secret-key.old'), 'utf8')).toBe(oldText);
      expect(readFileSync(join(dataDir, 'secret-key'), 'utf8')).not.toBe(oldText);
      expect(existsSync(join(dataDir, 'secret-key.new'))).toBe(false);

      a = await createApp(
        loadConfig({ ...own, HOST: '127.0.0.1', PORT: '0', CLOSEWATCH_DEMO: 'false', CLOSEWATCH_SCHEDULERS: 'false', LOG_LEVEL: 'silent' }),
        other.url,
      );
      await a.init();
      expect(await testConnection(a, 'erp')).toBe(true);
      await a.close();
    } finally {
      await other.drop();
    }
  });
});
