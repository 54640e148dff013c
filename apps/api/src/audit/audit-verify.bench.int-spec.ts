import { cpus } from 'node:os';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../test/test-app';
import { writeAuditChain } from '../../test/audit-chain-fixture';
import { inReadSnapshot } from '../database/read-snapshot';
import { copyLineBatches } from '../database/streaming/copy-line-batches';
import { AuditLog } from './audit-log.service';

const N = Number(process.env.CLOSEWATCH_AUDIT_BENCH_ENTRIES ?? 0);

/**
 * Verify of a long chain (docs/benchmarks.md): off unless CLOSEWATCH_AUDIT_BENCH_ENTRIES is set,
 * e.g. `CLOSEWATCH_AUDIT_BENCH_ENTRIES=1000000 npx jest apps/api/src/audit/audit-verify.bench.int-spec.ts --selectProjects int`.
 * Prints the verify's time next to a baseline measured in the same run: the same rows streamed
 * with COPY and only counted (what reading the chain costs before any hashing). Best of three each.
 */
(N > 0 ? describe : describe.skip)(`audit verify of ${N} entries`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('verifies the chain, timed against streaming the same rows', async () => {
    const ds = t.app.get(DataSource);
    await writeAuditChain(ds, N);
    await ds.query('vacuum analyze audit_log');
    const best = async (run: () => Promise<unknown>) => {
      let min = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await run();
        min = Math.min(min, performance.now() - started);
      }
      return min;
    };
    const baselineMs = await best(() =>
      inReadSnapshot(ds, async (_m, client) => {
        let rows = 0;
        for await (const lines of copyLineBatches(client, 'select * from audit_log order by id', 2000)) rows += lines.length;
        expect(rows).toBe(N);
      }),
    );
    let result: unknown;
    const verifyMs = await best(async () => (result = await t.app.get(AuditLog).verify()));
    expect(result).toEqual({ ok: true, entries: N, firstBrokenId: null, reason: null });
    process.stdout.write(
      `audit verify: ${N} entries in ${verifyMs.toFixed(0)} ms; COPY of the same rows ${baselineMs.toFixed(0)} ms; ratio ${(verifyMs / baselineMs).toFixed(2)} ` +
        `(${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version})\n`,
    );
  }, 1_800_000);
});
