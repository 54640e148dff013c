// How a benchmark script runs: where the repository and the built API are, its log lines, and
// the cleanups it owes (run last to first when it ends, also on Ctrl-C).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** `require` as the repository's own code sees it (pg, reflect-metadata, the built API). */
export const require = createRequire(join(root, 'package.json'));
export const apiDist = join(root, 'apps', 'api', 'dist');

/** A log function writing `[bench:NAME] message` lines to stdout. */
export function logger(name) {
  return (msg) => process.stdout.write(`[bench:${name}] ${msg}\n`);
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export function assertApiBuilt() {
  if (!existsSync(join(apiDist, 'main.js'))) throw new Error('apps/api/dist/main.js is missing: run npm run build first');
}

/**
 * Runs `body(cleanups)`; whatever it pushes onto `cleanups` (async functions) runs afterwards,
 * last pushed first, also when it fails or on SIGINT (then the process exits with 130).
 */
export async function withCleanups(body) {
  const cleanups = [];
  const cleanup = async () => {
    while (cleanups.length)
      await cleanups
        .pop()()
        .catch((e) => console.error(`cleanup: ${e.message}`));
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    return await body(cleanups);
  } finally {
    await cleanup();
  }
}

/** A TCP port free on the loopback interface right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}
