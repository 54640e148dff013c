import { compileRecon } from '@closewatch/recon/compile';
import { type ReconDefinition } from '@closewatch/recon/definition';
import { reconcile } from '@closewatch/recon/recon-engine';
import { type ReconBreak, type ReconSummary } from '@closewatch/recon/result';
import { postgresSide } from '../../src/recon/connectors/postgres/connector-postgres';
import { type PostgresSideSpec } from '../../src/recon/ranges/postgres-ranges';

/** Invoices (inv_no, entity, amount, status) against postgres postings (doc_ref, entity, amt, status), as the key-range specs reconcile them. */
export const RANGE_DEFINITION: ReconDefinition = {
  key: [{ source: 'inv_no', target: 'doc_ref' }, 'entity'],
  compare: [{ source: 'amount', target: 'amt', tolerance: { abs: '0.01' } }, 'status'],
  totals: { amount: { source: 'amount', target: 'amt' }, groupBy: ['entity'] },
};
export const RANGE_PLAN = compileRecon(RANGE_DEFINITION);
/** A range job's reading settings in those specs (small fetches, so a range spans several). */
export const RANGE_SETTINGS = { fetchRows: 100, statementTimeoutMs: 30_000, progressEvery: 500 };

/** The reference for a ranged run: one read of each side, ordered by COLLATE "C", on this thread. */
export async function reconcileInOnePass(sides: {
  source: PostgresSideSpec;
  target: PostgresSideSpec;
}): Promise<{ summary: ReconSummary; breaks: ReconBreak[] }> {
  const breaks: ReconBreak[] = [];
  const open = (which: 'source' | 'target') =>
    postgresSide({
      ...sides[which],
      plan: RANGE_PLAN,
      side: which,
      fetchRows: RANGE_SETTINGS.fetchRows,
      statementTimeoutMs: RANGE_SETTINGS.statementTimeoutMs,
    });
  const summary = await reconcile({ definition: RANGE_PLAN, source: open('source'), target: open('target'), onBreaks: (b) => void breaks.push(...b) });
  return { summary, breaks };
}
