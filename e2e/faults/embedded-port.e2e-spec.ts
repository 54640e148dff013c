import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, waitReady, type ServerProcess } from '../../apps/api/test/support/server-process';
import { freePort } from '../../apps/api/test/support/test-database';

/**
 * Two data directories on one machine, both started with `npm start` (no DATABASE_URL) and the
 * same CLOSEWATCH_EMBEDDED_PG_PORT: the first embedded PostgreSQL takes the port, the second
 * finds it taken, takes a free one and says which in its log; both servers are ready.
 */
describe('faults: the embedded PostgreSQL port is taken', () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'closewatch-port-a-')), mkdtempSync(join(tmpdir(), 'closewatch-port-b-'))];
  const servers: ServerProcess[] = [];

  afterAll(async () => {
    for (const s of servers) {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGTERM');
        await s.exited;
      }
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('starts the second data directory on a free port and logs it', async () => {
    const pgPort = await freePort();
    for (const dir of dirs) {
      const server = startServer(
        { CLOSEWATCH_DATA_DIR: dir, CLOSEWATCH_EMBEDDED_PG_PORT: String(pgPort), CLOSEWATCH_DEMO: 'false', CLOSEWATCH_SCHEDULERS: 'false', LOG_LEVEL: 'info' },
        await freePort(),
      );
      servers.push(server);
      await waitReady(server, 120_000);
    }
    const [first, second] = servers.map((s) => s.output());
    expect(first).toContain(`embedded PostgreSQL listening on 127.0.0.1:${pgPort}`);
    expect(first).not.toContain('is taken');
    const taken = new RegExp(`port ${pgPort} is taken \\(CLOSEWATCH_EMBEDDED_PG_PORT\\); using free port (\\d+)`).exec(second!);
    expect(taken).not.toBeNull();
    const other = Number(taken![1]);
    expect(other).not.toBe(pgPort);
    expect(second).toContain(`embedded PostgreSQL listening on 127.0.0.1:${other}`);
    expect(second).toContain(`on port ${other}`); // the start banner
    for (const s of servers) {
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    }
  });
});
