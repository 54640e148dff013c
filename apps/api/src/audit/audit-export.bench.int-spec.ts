import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { writeAuditChain } from '../../test/audit-chain-fixture';
import { processMemory, sampleRss } from '../../test/process-memory';
import { signIn, startServer, type ServerProcess, waitReady } from '../../test/support/server-process';
import { createTestDatabase, freePort } from '../../test/support/test-database';
import { readHead } from './audit.queries';

const N = Number(process.env.CLOSEWATCH_AUDIT_BENCH_ENTRIES ?? 0);
const MB = 1024 * 1024;
const VERIFY_COMMAND = join(__dirname, '..', '..', 'dist', 'audit-verify.js');
const ADMIN = { email: 'bench-admin@test.local', password: 'bench admin password' };

/**
 * Memory of an audit export (docs/benchmarks.md): off unless CLOSEWATCH_AUDIT_BENCH_ENTRIES is
 * set; needs the build (`npx nx run-many -t build`). The built server (`node apps/api/dist/main.js`)
 * exports a chain of that many entries as JSON, then as CSV, to files; its resident set is sampled
 * from /proc during each export and compared with the same process's resident set before it (the
 * baseline). Then `npm run audit:verify`'s script checks the JSON file, its memory sampled the same
 * way. Each peak must stay under 256 MB.
 * CLOSEWATCH_AUDIT_BENCH_NODE_OPTIONS is handed to the server as NODE_OPTIONS.
 * `CLOSEWATCH_AUDIT_BENCH_ENTRIES=1000000 npx jest apps/api/src/audit/audit-export.bench.int-spec.ts --selectProjects int`
 */
(N > 0 ? describe : describe.skip)(`audit export of ${N} entries`, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ServerProcess;
  const dir = mkdtempSync(join(tmpdir(), 'closewatch-export-bench-'));
  beforeAll(async () => {
    db = await createTestDatabase();
    server = startServer(
      {
        DATABASE_URL: db.url,
        CLOSEWATCH_DEMO: 'false',
        CLOSEWATCH_SCHEDULERS: 'false',
        LOG_LEVEL: 'error',
        CLOSEWATCH_DATA_DIR: join(dir, 'data'),
        CLOSEWATCH_ADMIN_EMAIL: ADMIN.email,
        CLOSEWATCH_ADMIN_PASSWORD: ADMIN.password,
        // e.g. --max-old-space-size=96, to tell garbage the GC has not collected yet from data held.
        ...(process.env.CLOSEWATCH_AUDIT_BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.CLOSEWATCH_AUDIT_BENCH_NODE_OPTIONS } : {}),
      },
      await freePort(),
    );
    await waitReady(server);
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams the export in flat memory, and the offline verify reads it in flat memory', async () => {
    const accessToken = await signIn(server, ADMIN);
    const ds = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    try {
      await writeAuditChain(ds, N, await readHead(ds.manager));
    } finally {
      await ds.destroy();
    }
    const pid = server.child.pid!;
    /** Downloads an export to a file while sampling the server's RSS. */
    const exportTo = async (format: 'json' | 'csv') => {
      const before = processMemory(pid);
      const sampler = sampleRss(pid);
      const started = performance.now();
      const res = await fetch(`${server.url}/api/v1/audit/export?format=${format}`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(res.status).toBe(200);
      const file = join(dir, `export.${format}`);
      await pipeline(Readable.fromWeb(res.body! as import('node:stream/web').ReadableStream), createWriteStream(file));
      return { file, before: before.rss, ms: performance.now() - started, peak: sampler.stop() };
    };
    const json = await exportTo('json');
    const csv = await exportTo('csv');
    const file = json.file;

    const verify = spawn(process.execPath, [VERIFY_COMMAND, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const verifySampler = sampleRss(verify.pid!);
    let out = '';
    verify.stdout.on('data', (d: Buffer) => (out += d.toString()));
    verify.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const verifyStarted = performance.now();
    const code = await new Promise<number | null>((resolve) => verify.once('exit', resolve));
    const verifyMs = performance.now() - verifyStarted;
    const verifyPeak = verifySampler.stop();
    expect(out).toMatch(/^OK: \d+ entries verified: the whole chain/);
    expect(code).toBe(0);

    const mb = (bytes: number) => (bytes / MB).toFixed(0);
    const measured = (name: string, m: typeof json) =>
      `${name} ${(m.ms / 1000).toFixed(1)} s, server RSS before ${mb(m.before)} MB, highest during it ${mb(m.peak)} MB (+${mb(m.peak - m.before)} MB)`;
    process.stdout.write(
      `audit export: ${N} entries; ${measured('JSON', json)}; ${measured('CSV', csv)}; ` +
        `offline verify ${(verifyMs / 1000).toFixed(1)} s, highest RSS ${(verifyPeak / MB).toFixed(0)} MB ` +
        `(${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version})\n${out}`,
    );
    // The memory targets (docs/benchmarks.md, "Audit log"): a bound, not a timing.
    expect(json.peak).toBeLessThan(256 * MB);
    expect(csv.peak).toBeLessThan(256 * MB);
    expect(verifyPeak).toBeLessThan(256 * MB);
  }, 3_600_000);
});
