// The built application (apps/api/dist) started inside a benchmark's own process, on a loopback
// port of its choosing, for benches that call its services directly.
import { join } from 'node:path';
import { apiDist, require } from './run.mjs';

/**
 * Creates the built application against `databaseUrl` with `env` as its settings, demo data,
 * schedulers and most logging off whatever `env` says (the bench drives the services itself).
 * Answers the application and the settings it runs with; the caller closes it (`app.close()`).
 */
export async function createInProcessApp(databaseUrl, env = {}) {
  require('reflect-metadata');
  const { createApp } = require(join(apiDist, 'app.factory.js'));
  const { loadConfig } = require(join(apiDist, 'config', 'config.js'));
  const config = loadConfig({
    ...env,
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    CLOSEWATCH_DEMO: 'false',
    CLOSEWATCH_SCHEDULERS: 'false',
    LOG_LEVEL: 'error',
  });
  return { app: await createApp(config, databaseUrl), config };
}
