import { jsonLogger } from './log';
import { runInjection } from './inject';
import { parseArgs, USAGE } from './options';
import { runSimulator } from './simulator';

/**
 * Entry point: `node apps/simulator/dist/main.js` (spawned by the API in demo mode, or by hand
 * with `npm run simulate`). Exit status: 0 when everything sent was accepted, 3 when some of it
 * could not be delivered, 2 on bad usage, 1 on a crash. Stopped by SIGTERM or SIGINT, it flushes
 * and then ends by that same signal, as the parent that sent it expects.
 */
/** How long the flush may take once the parent process has exited. */
const PARENT_GONE_FLUSH_MS = 5_000;

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
  if (parsed.kind === 'inject') {
    try {
      return (await runInjection(parsed.options, log)).undelivered > 0 ? 3 : 0;
    } catch (err) {
      process.stderr.write(`simulator: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
  }
  const stop = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const signals = ['SIGTERM', 'SIGINT'] as const;
  const onSignal = (sig: NodeJS.Signals) => {
    // A second signal while flushing: give up the flush.
    if (stoppedBy) process.exit(130);
    stoppedBy = sig;
    log.log('info', 'stopping', { signal: sig });
    stop.abort();
  };
  for (const sig of signals) process.on(sig, onSignal);
  // Started by a server in demo mode that then dies (even by SIGKILL): stop too, never linger.
  const parent = process.ppid;
  const watch = parent > 1 ? setInterval(() => parentGone(), 1000) : undefined;
  const parentGone = () => {
    if (process.ppid === parent || stop.signal.aborted) return;
    log.log('info', 'stopping: the parent process exited', { parent });
    stop.abort();
    // The server it sent to is most likely gone with its parent: the flush gets a few seconds,
    // then the process ends even if exporter retries or sockets are still pending (it holds the
    // parent's stdout, which whoever started the parent may be waiting on).
    setTimeout(() => process.exit(3), PARENT_GONE_FLUSH_MS).unref();
  };
  watch?.unref();
  const summary = await runSimulator(parsed.options, { log, signal: stop.signal });
  if (watch) clearInterval(watch);
  if (stoppedBy) {
    for (const sig of signals) process.off(sig, onSignal);
    process.kill(process.pid, stoppedBy);
  }
  return summary.undelivered > 0 ? 3 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'error', service: 'closewatch-simulator', msg: 'simulator crashed', error: err instanceof Error ? err.stack : String(err) })}\n`,
    );
    process.exitCode = 1;
  },
);
