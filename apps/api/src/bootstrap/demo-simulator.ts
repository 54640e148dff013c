import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../common/free-port';
import { type AppConfig } from '../config/config';

interface Logger {
  log(message: string): void;
  warn(message: string): void;
}

/** Where the demo middleware answers replay webhooks: its loopback port and the receiver's secret. */
export interface DemoReplayEndpoint {
  port: number;
  secret: string;
}

/** The built simulator (apps/simulator/dist/main.js), found relative to this compiled file. */
export function demoSimulatorEntry(): string {
  return join(__dirname, '..', '..', '..', 'simulator', 'dist', 'main.js');
}

/** The configured replay port, or a free loopback port for the simulator to take. */
export async function demoReplayPort(configured: number): Promise<number> {
  return configured > 0 ? configured : freePort();
}

/** The URL the demo replay receiver points at. */
export function demoReplayUrl(port: number): string {
  return `http://127.0.0.1:${port}/replays`;
}

/**
 * Demo mode (main.ts checks the build is there): runs the simulator (apps/simulator) as its own process, sending real OTLP and
 * events to this server exactly as an external integration would, and answering replay
 * webhooks as the demo's middleware.
 */
export function startDemoSimulator(url: string, ingestKey: string, replay: DemoReplayEndpoint, config: AppConfig, logger: Logger): ChildProcess {
  const child = spawn(process.execPath, [demoSimulatorEntry()], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      CLOSEWATCH_URL: url,
      CLOSEWATCH_INGEST_KEY: ingestKey,
      SIMULATOR_RATE: String(config.simulatorRate),
      SIMULATOR_FAULT_RATE: String(config.simulatorFaultRate),
      SIMULATOR_REPLAY_PORT: String(replay.port),
      SIMULATOR_REPLAY_SECRET: replay.secret,
      SIMULATOR_REPLAY_SUCCESS_RATE: String(config.simulatorReplaySuccessRate),
    },
  });
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGTERM') logger.warn(`demo simulator exited (code ${code}, signal ${signal})`);
  });
  logger.log(`demo simulator started (pid ${child.pid}), answering replay requests at ${demoReplayUrl(replay.port)}`);
  return child;
}
