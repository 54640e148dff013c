import { cpus } from 'node:os';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../test/test-app';
import { call } from '../../test/sync-health-fixtures';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { AuditLog } from './audit-log.service';

const N = Number(process.env.CLOSEWATCH_AUDIT_WRITE_BENCH_EXCEPTIONS ?? 0);
const CONCURRENCY = 8;

/**
 * What the audit entry costs the exception workflow (docs/benchmarks.md, "Audit log"): off unless
 * CLOSEWATCH_AUDIT_WRITE_BENCH_EXCEPTIONS is set, e.g.
 * `CLOSEWATCH_AUDIT_WRITE_BENCH_EXCEPTIONS=2000 npx jest apps/api/src/audit/audit-write-cost.bench.int-spec.ts --selectProjects int`.
 * N exceptions are acknowledged then resolved through the API by 8 concurrent clients, with every
 * transition's audit entry written (as deployed) and, as the baseline in the same run, with the
 * append skipped; rounds alternate, the faster round of each counts. Reported, not asserted (the
 * target, an entry must not halve the workflow's throughput, is read off the ratio).
 */
(N > 0 ? describe : describe.skip)(`audit write cost over ${N} exception transitions`, () => {
  let t: TestApp;
  let admin: string;
  let round = 0;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin');
  });
  afterAll(() => t?.close());

  async function transitions(): Promise<number> {
    round++;
    const exceptions = t.app.get(ExceptionsService);
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const { id } = await exceptions.recordFinding({ type: 'delivery_failure', flow: 'bench', recordKey: `B-${round}-${i}`, entity: 'US01' } as never);
      ids.push(id);
    }
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          expect((await call(t, 'POST', `/api/v1/exceptions/${id}/acknowledge`, admin, {})).status).toBe(200);
          expect((await call(t, 'POST', `/api/v1/exceptions/${id}/resolve`, admin, { code: 'fixed', note: 'bench' })).status).toBe(200);
        }
      }),
    );
    return (2 * N) / ((performance.now() - started) / 1000);
  }

  it('measures the workflow with and without the audit entry', async () => {
    const audit = t.app.get(AuditLog);
    const appendMany = audit.appendMany.bind(audit);
    let withAudit = 0;
    let without = 0;
    for (let i = 0; i < 2; i++) {
      audit.appendMany = appendMany;
      withAudit = Math.max(withAudit, await transitions());
      audit.appendMany = () => Promise.resolve([]);
      without = Math.max(without, await transitions());
    }
    audit.appendMany = appendMany;
    const entries = Number((await t.app.get(DataSource).query(`select count(*)::int as n from audit_log where action like 'exception.%'`))[0].n);
    process.stdout.write(
      `audit write cost: ${(2 * N).toLocaleString('en-US')} transitions × 2 rounds, ${CONCURRENCY} clients: ` +
        `${withAudit.toFixed(0)} transitions/s with the audit entry, ${without.toFixed(0)}/s without; ratio ${(withAudit / without).toFixed(2)} ` +
        `(${entries} exception entries written; ${cpus().length} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, node ${process.version})\n`,
    );
  }, 3_600_000);
});
