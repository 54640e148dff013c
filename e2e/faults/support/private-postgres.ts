import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedServer, type TestServer } from '../../../apps/api/test/support/test-database';

/**
 * A PostgreSQL of the spec's own (the embedded one the product bundles, in a temporary directory
 * on a free loopback port) that it may stop and start again: the machine's shared server is never
 * touched. `adminUrl` is its superuser on the database `closewatch`.
 */
export interface PrivatePostgres {
  adminUrl: string;
  /** Fast shutdown (SIGINT: sessions are terminated, committed data stays). */
  stop(): Promise<void>;
  /** Starts it again on the same directory and port. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  remove(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'closewatch-faults-pg-'));
  chmodSync(dir, 0o711); // as root, the server runs as the postgres OS user, which must traverse it
  const port = await freePort();
  let server: TestServer | undefined = await startEmbeddedServer(port, join(dir, 'data'));
  const adminUrl = server.adminUrl;
  const pg: PrivatePostgres = {
    adminUrl,
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async start() {
      if (server) return;
      server = await startEmbeddedServer(port, join(dir, 'data'));
      if (server.adminUrl !== adminUrl) throw new Error(`the private PostgreSQL came back on another port: ${new URL(server.adminUrl).port}, not ${port}`);
    },
    async remove() {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return pg;
}
