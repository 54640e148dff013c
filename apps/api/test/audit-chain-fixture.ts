import { type DataSource } from 'typeorm';
import { type AuditEntry, canonicalEntry, GENESIS_HASH, hashOf } from '../src/audit/audit-chain';
import { insertEntries } from '../src/audit/audit.queries';

const BATCH = 20_000;

/**
 * Appends a chain of `n` entries shaped like exception transitions (benchmarks, export specs),
 * after whatever the log holds, in transactions of 20 000 entries; returns the last entry.
 */
export async function writeAuditChain(ds: DataSource, n: number, start = { lastId: 0, lastHash: GENESIS_HASH }): Promise<AuditEntry | undefined> {
  let prevHash = start.lastHash;
  let last: AuditEntry | undefined;
  const at = new Date().toISOString();
  for (let first = start.lastId + 1; first <= start.lastId + n; first += BATCH) {
    const batch: AuditEntry[] = [];
    const canonicals: string[] = [];
    for (let id = first; id < Math.min(first + BATCH, start.lastId + n + 1); id++) {
      const e = {
        id,
        at,
        actor: { kind: 'user' as const, id: '5b0c7a4e-8a8e-4c1e-9d7b-3f0a9a1e2b3c', email: 'fin@example.com' },
        action: 'exception.resolved',
        objectType: 'exception',
        objectId: `e-${id}`,
        before: { status: 'acknowledged', assigneeId: null },
        after: { status: 'resolved', assigneeId: null, reason: 'resent', details: { code: 'fixed', note: `resent "${id}" \\ ok` } },
        prevHash,
      };
      const canonical = canonicalEntry(e);
      last = { ...e, hash: hashOf(prevHash, canonical) };
      batch.push(last);
      canonicals.push(canonical);
      prevHash = last.hash;
    }
    await ds.transaction((m) => insertEntries(m, batch, canonicals));
  }
  return last;
}
