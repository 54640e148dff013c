import { createPublicKey, type KeyObject } from 'node:crypto';
import { type AuditExportHeader } from '@closewatch/contracts/audit';
import { type BreakReason, CHAIN_START, type ChainState, entryHash, verifyBatch, verifyEnd } from './audit-chain';
import { AuditExportFormatError, readAuditExport } from './audit-export-reader';
import { checkpointSignedBy, keyIdOf } from './checkpoint-signing';

/** What was checked: the whole chain, a contiguous run of it (`from`/`to`), or each entry alone (other filters). */
export type OfflineScope = 'chain' | 'range' | 'entries';

export interface OfflineVerifyResult {
  ok: boolean;
  scope: OfflineScope;
  /** Entries that verified before the break (all of them when ok). */
  entries: number;
  firstBrokenId: number | null;
  reason: BreakReason | 'checkpoint_signature' | null;
  keyId: string;
  /** Whether the key came from the export itself rather than from the auditor. */
  keyFromExport: boolean;
  checkpoints: { verified: number; otherKeys: number };
  header: AuditExportHeader;
}

/**
 * Checks an audit JSON export (audit-export-format.ts) with the same chain rules as the server's
 * verify (audit-chain.ts): every checkpoint of this key must carry a valid signature, and the
 * entries are checked against them. Unfiltered, the whole chain is checked as
 * `GET /api/v1/audit/verify` does (gap, prev_hash_mismatch, hash_mismatch, truncated against
 * the last checkpoint); filtered by time only, the run of entries is checked from its first
 * entry (truncated only without `to`); filtered otherwise, each entry's own hash.
 * Throws AuditExportFormatError for a file that is not an export.
 */
export async function verifyAuditExport(lines: AsyncIterable<string>, givenKey?: KeyObject): Promise<OfflineVerifyResult> {
  const parts = readAuditExport(lines);
  const first = await parts.next();
  if (first.done || first.value.kind !== 'header') throw new AuditExportFormatError(1, 'no export header');
  const header = first.value.header;
  const publicKey = givenKey ?? createPublicKey(header.publicKey.publicKey);
  const keyId = keyIdOf(publicKey);
  const f = header.filters;
  const scope: OfflineScope = f.actor || f.action || f.objectType || f.objectId ? 'entries' : f.from || f.to ? 'range' : 'chain';
  const checkpoints = new Map<number, string>();
  const counts = { verified: 0, otherKeys: 0 };
  const result = (state: ChainState, broken?: { firstBrokenId: number; reason: OfflineVerifyResult['reason'] }): OfflineVerifyResult => ({
    ok: !broken,
    scope,
    entries: state.entries,
    firstBrokenId: broken?.firstBrokenId ?? null,
    reason: broken?.reason ?? null,
    keyId,
    keyFromExport: !givenKey,
    checkpoints: counts,
    header,
  });
  let state: ChainState | null = scope === 'chain' ? CHAIN_START : null;
  let seen = 0;
  for await (const part of parts) {
    if (part.kind === 'checkpoint') {
      const c = part.checkpoint;
      if (c.keyId !== keyId) counts.otherKeys++;
      else if (!checkpointSignedBy(c, publicKey)) return result(state ?? CHAIN_START, { firstBrokenId: c.entries, reason: 'checkpoint_signature' });
      else {
        checkpoints.set(c.entries, c.hash);
        counts.verified++;
      }
    } else if (part.kind === 'entries') {
      const batch = part.entries;
      seen += batch.length;
      if (scope === 'entries') {
        const bad = batch.find((e) => entryHash(e) !== e.hash);
        if (bad) return result({ entries: seen - batch.length + batch.indexOf(bad), lastHash: '' }, { firstBrokenId: bad.id, reason: 'hash_mismatch' });
        state = { entries: seen, lastHash: '' };
        continue;
      }
      state ??= { entries: batch[0]!.id - 1, lastHash: batch[0]!.prevHash };
      const step = verifyBatch(state, batch, checkpoints);
      if (step.broken) return result(step.state, step.broken);
      state = step.state;
    } else if (part.kind === 'end' && part.count !== seen) {
      throw new AuditExportFormatError(0, `the export says ${part.count} entries and holds ${seen}`);
    }
  }
  const end = state ?? CHAIN_START;
  // A time range that holds no entry has nothing to check the checkpoints against.
  if (scope === 'entries' || f.to || (scope === 'range' && state === null)) return result(scope === 'entries' ? { entries: seen, lastHash: '' } : end);
  const cut = verifyEnd(end, Math.max(0, ...checkpoints.keys()));
  return result(end, cut);
}
