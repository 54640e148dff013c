import { jsonLogger } from './log';
import { parseArgs, USAGE } from './options';
import { runSimulator } from './simulator';

/**
 * Entry point: `node apps/simulator/dist/main.js` (spawned by the API in demo mode, or by hand
 * with `npm run simulate`). Exit code 0 after a clean stop, 2 on bad usage, 1 on a crash.
 */
async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2), process.env, () => Math.floor(Math.random() * 0x100000000));
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`simulator: ${parsed.message}\n\n${USAGE}\n`);
    return 2;
  }
  const log = jsonLogger();
  const stop = new AbortController();
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.on(sig, () => {
      if (stop.signal.aborted) process.exit(130);
      log.log('info', 'stopping', { signal: sig });
      stop.abort();
    });
  }
  await runSimulator(parsed.options, { log, signal: stop.signal });
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', service: 'closewatch-simulator', msg: 'simulator crashed', error: err instanceof Error ? err.stack : String(err) })}\n`);
    process.exitCode = 1;
  },
);
