// The built API (apps/api/dist/main.js) as a child process on a loopback port, as a benchmark
// runs it: demo data and schedulers off and LOG_LEVEL=warn unless `env` says otherwise.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { apiDist, root, sleep } from './run.mjs';

/** A bench admin: its credentials, and the settings (`env`) that make the API create it at start. */
export function benchAdmin() {
  const admin = { email: 'bench-admin@closewatch.test', password: `bench-${randomBytes(12).toString('base64url')}` };
  return { admin, env: { CLOSEWATCH_ADMIN_EMAIL: admin.email, CLOSEWATCH_ADMIN_PASSWORD: admin.password } };
}

/** Extra node flags for the API from BENCH_API_NODE_ARGS (space-separated, e.g. --cpu-prof). */
export function benchApiNodeArgs() {
  return (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

/**
 * Starts the API on 127.0.0.1:`port` against `databaseUrl` and waits (up to 60 s) until
 * /health/ready answers 200. The cleanups stop it (SIGTERM, SIGKILL after `stopTimeoutMs`).
 * Returns the child process, with `exited`: a promise of its exit.
 */
export async function startApi({ databaseUrl, port, env = {}, nodeArgs = [], stdout = 'ignore', stopTimeoutMs = 10_000 }, cleanups) {
  const child = spawn(process.execPath, [...nodeArgs, join(apiDist, 'main.js')], {
    cwd: root,
    stdio: ['ignore', stdout, 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      CLOSEWATCH_DEMO: 'false',
      CLOSEWATCH_SCHEDULERS: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const exited = new Promise((r) => child.once('exit', r));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(stopTimeoutMs)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode} before it was ready`);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return Object.assign(child, { exited });
    await sleep(100);
  }
  throw new Error('API did not become ready within 60 s');
}

/** Stops the API (SIGTERM) and waits for it to exit, at most 10 s. */
export async function stopApi(api) {
  api.kill('SIGTERM');
  await Promise.race([api.exited, sleep(10_000)]);
}
