import { type ChainBreak } from './audit-chain';

/**
 * A problem found at one entry (`rowId`, the entry as it is in the log): a `gap` before it (the
 * ids jump from `missingId - 1` to it), a `prev_hash` that is not the previous entry's hash, a
 * `hash` that is not the entry's, or a hash that differs from a `checkpoint` signed at it.
 */
export type FoundBreak = { rowId: number; kind: 'gap'; missingId: number } | { rowId: number; kind: 'prev_hash' | 'hash' | 'checkpoint' };

/** At one entry, the order verifyBatch checks in (audit-chain.ts). */
const CHECK_ORDER = { gap: 0, prev_hash: 1, hash: 2, checkpoint: 3 } as const;

/**
 * The break verify reports when its checks ran apart (in PostgreSQL and in Node): the one at the
 * earliest entry, and at one entry the first in verifyBatch's order, so the answer is the one the
 * entry-by-entry verify gives. `entries` is how many entries verified before it.
 */
export function earliestBreak(found: readonly FoundBreak[]): (ChainBreak & { rowId: number; entries: number }) | undefined {
  let first: FoundBreak | undefined;
  for (const f of found) {
    if (!first || f.rowId < first.rowId || (f.rowId === first.rowId && CHECK_ORDER[f.kind] < CHECK_ORDER[first.kind])) first = f;
  }
  if (!first) return undefined;
  if (first.kind === 'gap') return { rowId: first.rowId, firstBrokenId: first.missingId, reason: 'gap', entries: first.missingId - 1 };
  return {
    rowId: first.rowId,
    firstBrokenId: first.rowId,
    reason: first.kind === 'prev_hash' ? 'prev_hash_mismatch' : 'hash_mismatch',
    entries: first.rowId - 1,
  };
}
