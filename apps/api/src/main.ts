import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { JsonLogger } from './common/json-logger';
import { BootstrapService, DEMO_ADMIN_EMAIL } from './bootstrap/bootstrap.service';
import { ConfigError, loadConfig } from './config/config';
import { databaseRole, superuserWarning } from './database/database-role';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/run-migrations';
import { demoSimulatorEntry, startDemoSimulator } from './bootstrap/demo-simulator';

async function main(): Promise<void> {
  const config = loadConfig();
  Logger.overrideLogger(new JsonLogger(config.logLevel));
  const logger = new Logger('closewatch');
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, logger);
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  if (!embedded) {
    const warning = superuserWarning(await databaseRole(databaseUrl));
    if (warning) logger.warn(warning);
  }
  const applied = await runMigrations(databaseUrl);
  if (applied.length) logger.log(`applied migrations: ${applied.join(', ')}`);

  const app = await createApp(config, databaseUrl);
  const boot = await app.get(BootstrapService).run();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${address.port}`;

  let simulator: ReturnType<typeof startDemoSimulator> | undefined;
  if (config.demo && boot.demoIngestKey) {
    // The simulator is also the demo's middleware, answering replay requests: its receiver is made only when there is one to answer.
    if (existsSync(demoSimulatorEntry())) {
      const replay = await app.get(BootstrapService).ensureDemoReplayReceiver(config.simulatorReplayPort);
      simulator = startDemoSimulator(url, boot.demoIngestKey, replay, config, logger);
    } else {
      logger.warn(`demo simulator not found at ${demoSimulatorEntry()}; run npm run build`);
    }
  }
  const banner = [
    '',
    `  Closewatch is running at ${url}`,
    `  API docs: ${url}/api/docs   OTLP/HTTP traces: ${url}/v1/traces`,
    `  Database: ${embedded ? `embedded PostgreSQL in ${config.dataDir} on port ${embedded.port}` : 'DATABASE_URL'}`,
    ...(config.demo
      ? [
          `  Demo mode: the simulator sends the seed scenarios${simulator ? '' : ' (simulator not built: run npm run build)'}.`,
          boot.demoAdminPassword
            ? `  Sign in as ${DEMO_ADMIN_EMAIL} with password ${boot.demoAdminPassword} (shown once; also in ${config.dataDir}/demo-admin.txt)`
            : `  Sign in as ${DEMO_ADMIN_EMAIL}; the password is in ${config.dataDir}/demo-admin.txt`,
        ]
      : []),
    '',
  ];
  process.stdout.write(banner.join('\n') + '\n');

  const shutdown = async (signal: string) => {
    logger.log(`received ${signal}, shutting down`);
    // While shutting down, a background connection torn down by the database stopping must not
    // turn a clean stop into a crash: log it and finish the shutdown.
    process.on('uncaughtException', (err) => logger.warn(`during shutdown: ${String(err)}`));
    if (simulator && simulator.exitCode === null) {
      // Let the simulator flush what it already sent before the server stops answering.
      const exited = new Promise((resolve) => simulator.once('exit', resolve));
      simulator.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 8_000))]);
    }
    await app.close().catch((err: unknown) => logger.warn(`closing the server: ${String(err)}`));
    await embedded?.stop().catch((err: unknown) => logger.warn(`stopping the embedded database: ${String(err)}`));
    process.exit(0);
  };
  // This process owns SIGINT/SIGTERM: embedded-postgres registers its own handlers, which stop
  // the database at once and exit with 128 + signal while requests are still being served.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`closewatch failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
