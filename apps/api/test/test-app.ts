import { type NestExpressApplication } from '@nestjs/platform-express';
import { type Role } from '@closewatch/contracts/roles';
import { type IngestScope } from '@closewatch/contracts/ingest-keys';
import { createTestDatabase } from './support/test-database';
import { createApp, type AppOptions } from '../src/app.factory';
import { IngestKeysService } from '../src/auth/ingest-keys.service';
import { UsersService } from '../src/auth/users.service';
import { loadConfig, type AppConfig } from '../src/config/config';

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  databaseUrl: string;
  config: AppConfig;
  /** Creates a user with this role and answers a session token for it. */
  tokenFor(role: Role): Promise<string>;
  /** Creates an ingest key and answers its secret. */
  ingestKey(scopes?: IngestScope[]): Promise<string>;
  /** Another replica: a second app on the same database (closing it leaves the database). */
  replica(env?: Record<string, string>): Promise<TestApp>;
  close(): Promise<void>;
}

/**
 * The real application on a fresh database cloned from the migrated template, listening on a
 * free loopback port. Schedulers and demo mode are off unless the test turns them on.
 */
export async function startTestApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestApp> {
  return startOn(await createTestDatabase(), env, options);
}

let replicas = 0;

async function startOn(db: { url: string; drop?(): Promise<void> }, env: Record<string, string>, options: AppOptions): Promise<TestApp> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    CLOSEWATCH_DEMO: 'false',
    CLOSEWATCH_SCHEDULERS: 'false',
    LOG_LEVEL: 'error',
    CLOSEWATCH_DATA_DIR: '/tmp/closewatch-test-data',
    ...env,
  });
  const app = await createApp(config, db.url, options);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    // A start refused at init (a ConfigError): close what was opened (the live adapter's LISTEN client), or it outlives the test.
    await app.close().catch(() => undefined);
    throw err;
  }
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  // Replicas share the database, so each names its users apart.
  const prefix = db.drop ? '' : `r${++replicas}-`;
  let n = 0;
  return {
    app,
    url,
    databaseUrl: db.url,
    config,
    async tokenFor(role) {
      const email = `${prefix}${role}-${++n}@test.local`;
      await app.get(UsersService).create({ email, name: `${role} ${n}`, role, password: 'correct horse battery' });
      const res = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'correct horse battery' }),
      });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    },
    async ingestKey(scopes) {
      return (await app.get(IngestKeysService).create(`test key ${++n}`, scopes)).secret;
    },
    replica(replicaEnv = env) {
      return startOn({ url: db.url }, replicaEnv, options);
    },
    async close() {
      await app.close();
      await db.drop?.();
    },
  };
}
