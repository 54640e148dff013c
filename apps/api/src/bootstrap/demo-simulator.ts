import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type AppConfig } from '../config/config';

interface Logger {
  log(message: string): void;
  warn(message: string): void;
}

/**
 * Demo mode: runs the simulator (apps/simulator) as its own process, sending real OTLP and
 * events to this server exactly as an external integration would.
 */
export function startDemoSimulator(url: string, ingestKey: string, config: AppConfig, logger: Logger): ChildProcess | undefined {
  const entry = join(__dirname, '..', '..', '..', 'simulator', 'dist', 'main.js');
  if (!existsSync(entry)) {
    logger.warn(`demo simulator not found at ${entry}; run npm run build`);
    return undefined;
  }
  const child = spawn(process.execPath, [entry], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      CLOSEWATCH_URL: url,
      CLOSEWATCH_INGEST_KEY: ingestKey,
      SIMULATOR_RATE: String(config.simulatorRate),
      SIMULATOR_FAULT_RATE: String(config.simulatorFaultRate),
    },
  });
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGTERM') logger.warn(`demo simulator exited (code ${code}, signal ${signal})`);
  });
  logger.log(`demo simulator started (pid ${child.pid})`);
  return child;
}
