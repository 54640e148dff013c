import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ConfigError } from '../../config/config';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { secretKeyId } from './secret-box';
import { pinSecretKey } from './secret-key-pin';

const newKey = () => randomBytes(32);

/** Replicas on one database with different secret keys, before anything is sealed (docs/configuration.md, "Secret key"). */
describe('secret key pin', () => {
  let t: TestApp;
  const key = newKey();

  beforeAll(async () => {
    t = await startTestApp({ CLOSEWATCH_SECRET_KEY: key.toString('base64') });
  });
  afterAll(() => t.close());

  it('pins a new database to the first server key, before any secret is sealed', async () => {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      expect((await c.query('select count(*)::int as n from recon_connections')).rows[0].n).toBe(0);
      expect((await c.query('select key_id from secret_key_pin')).rows).toEqual([{ key_id: secretKeyId(key) }]);
    } finally {
      await c.end();
    }
  });

  it('refuses a replica with another key, naming both key ids, and starts one with the same key', async () => {
    const other = newKey();
    const refused = await t.replica({ CLOSEWATCH_SECRET_KEY: other.toString('base64') }).then(
      (r) => r.close().then(() => null),
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toContain(
      `(key id ${secretKeyId(other)}) is not the key this database's secrets are sealed with (key id ${secretKeyId(key)})`,
    );

    const same = await t.replica({ CLOSEWATCH_SECRET_KEY: key.toString('base64') });
    await same.close();
  });

  it('lets exactly one of several servers starting at once pin its key', async () => {
    const c = new Client({ connectionString: t.databaseUrl });
    await c.connect();
    try {
      await c.query('delete from secret_key_pin');
      const ids = Array.from({ length: 5 }, () => secretKeyId(newKey()));
      const clients = await Promise.all(
        ids.map(async () => {
          const x = new Client({ connectionString: t.databaseUrl });
          await x.connect();
          return x;
        }),
      );
      try {
        const seen = await Promise.all(ids.map((id, i) => pinSecretKey({ query: async (sql, p) => (await clients[i]!.query(sql, p)).rows }, id)));
        expect(new Set(seen).size).toBe(1);
        expect(ids).toContain(seen[0]);
      } finally {
        await Promise.all(clients.map((x) => x.end()));
      }
      // Put the first server's key back for the other tests of this suite.
      await c.query('update secret_key_pin set key_id = $1', [secretKeyId(key)]);
    } finally {
      await c.end();
    }
  });
});
