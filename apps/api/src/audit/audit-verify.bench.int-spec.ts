import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../test/test-app';
import { type AuditEntry, entryHash, GENESIS_HASH } from './audit-chain';
import { insertEntries } from './audit.queries';
import { AuditLog } from './audit-log.service';

const N = Number(process.env.CLOSEWATCH_AUDIT_BENCH_ENTRIES ?? 0);

/**
 * Verify of a long chain (docs/benchmarks.md): off unless CLOSEWATCH_AUDIT_BENCH_ENTRIES is set,
 * e.g. `CLOSEWATCH_AUDIT_BENCH_ENTRIES=1000000 npx jest apps/api/src/audit/audit-verify.bench.int-spec.ts --selectProjects int`.
 */
(N > 0 ? describe : describe.skip)(`audit verify of ${N} entries`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('verifies in under 10 s', async () => {
    const ds = t.app.get(DataSource);
    let prevHash = GENESIS_HASH;
    const at = new Date().toISOString();
    for (let start = 1; start <= N; start += 20_000) {
      const batch: AuditEntry[] = [];
      for (let id = start; id < Math.min(start + 20_000, N + 1); id++) {
        const e = {
          id,
          at,
          actor: { kind: 'user' as const, id: '5b0c7a4e-8a8e-4c1e-9d7b-3f0a9a1e2b3c', email: 'fin@example.com' },
          action: 'exception.resolved',
          objectType: 'exception',
          objectId: `e-${id}`,
          before: { status: 'acknowledged', assigneeId: null },
          after: { status: 'resolved', assigneeId: null, reason: 'resent', details: { code: 'fixed' } },
          prevHash,
        };
        const entry = { ...e, hash: entryHash(e) };
        batch.push(entry);
        prevHash = entry.hash;
      }
      await ds.transaction((m) => insertEntries(m, batch));
    }
    const started = performance.now();
    const result = await t.app.get(AuditLog).verify();
    const ms = performance.now() - started;
    process.stdout.write(`audit verify: ${N} entries in ${ms.toFixed(0)} ms\n`);
    expect(result).toEqual({ ok: true, entries: N, firstBrokenId: null, reason: null });
    expect(ms).toBeLessThan(10_000);
  }, 900_000);
});
