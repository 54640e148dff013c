import { hash } from 'node:crypto';
import { type AuditBreakReason, type AuditEntryDto } from '@closewatch/contracts/audit';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** One entry as DESIGN fixes it ("Lineage and audit"). */
export type AuditEntry = AuditEntryDto;
export type AuditActor = AuditEntryDto['actor'];

type Unhashed = Omit<AuditEntry, 'hash'> & { hash?: string };

/** One member of the entry's canonical text, after the one before it; none for undefined (as canonicalJson drops it). */
const member = (key: string, value: unknown, first = false): string => (value === undefined ? '' : `${first ? '' : ','}"${key}":${canonicalJson(value)}`);

/**
 * `canonicalJson` of the entry without its hash, with the entry's members written in their
 * sorted order by hand rather than sorted per entry (verify does this for every entry; the
 * spec checks it against canonicalJson). Members other than the entry's own are not hashed.
 */
export function canonicalEntry(e: Unhashed): string {
  const a = e.actor;
  return (
    `{${member('action', e.action, true)},"actor":{${member('email', a.email, true)}${member('id', a.id)}${member('kind', a.kind)}}` +
    `${member('after', e.after)}${member('at', e.at)}${member('before', e.before)}${member('id', e.id)}` +
    `${member('objectId', e.objectId)}${member('objectType', e.objectType)}${member('prevHash', e.prevHash)}}`
  );
}

/** `sha256(prevHash + canonical JSON of the entry without hash)`, lowercase hex (one-shot `crypto.hash`: no Hash object per entry). */
export function entryHash(entry: Unhashed): string {
  return hashOf(entry.prevHash, canonicalEntry(entry));
}

/** The hash of an entry from its `prevHash` and its canonical text. */
export function hashOf(prevHash: string, canonical: string): string {
  return hash('sha256', prevHash + canonical, 'hex');
}

export type BreakReason = AuditBreakReason;

/** Where a verify pass stands between batches. */
export interface ChainState {
  /** Entries checked so far (and the id the next entry must have, minus one). */
  entries: number;
  lastHash: string;
}

export const CHAIN_START: ChainState = { entries: 0, lastHash: GENESIS_HASH };

export interface ChainBreak {
  firstBrokenId: number;
  reason: BreakReason;
}

/**
 * Checks the next batch of entries (in id order) against the chain so far and the signed
 * checkpoint hashes (entries count -> head hash). The first problem wins, checked in this order
 * per entry: a missing id (`gap`, naming the missing id), a `prevHash` that is not the previous
 * entry's hash (`prev_hash_mismatch`), a hash that is not the entry's (`hash_mismatch`), and a
 * hash that differs from a checkpoint signed at that entry (`hash_mismatch`: the chain up to it
 * was rewritten since).
 */
export function verifyBatch(
  state: ChainState,
  batch: readonly AuditEntry[],
  checkpoints: ReadonlyMap<number, string>,
): { state: ChainState; broken?: ChainBreak } {
  let { entries, lastHash } = state;
  for (const e of batch) {
    const expectedId = entries + 1;
    if (e.id !== expectedId) return { state: { entries, lastHash }, broken: { firstBrokenId: expectedId, reason: 'gap' } };
    if (e.prevHash !== lastHash) return { state: { entries, lastHash }, broken: { firstBrokenId: e.id, reason: 'prev_hash_mismatch' } };
    if (entryHash(e) !== e.hash) return { state: { entries, lastHash }, broken: { firstBrokenId: e.id, reason: 'hash_mismatch' } };
    const signed = checkpoints.get(e.id);
    if (signed !== undefined && signed !== e.hash) return { state: { entries, lastHash }, broken: { firstBrokenId: e.id, reason: 'hash_mismatch' } };
    entries = e.id;
    lastHash = e.hash;
  }
  return { state: { entries, lastHash } };
}

/**
 * After the last batch: a chain shorter than the longest signed checkpoint (or than the head the
 * database keeps) lost its tail; the first missing entry is named.
 */
export function verifyEnd(state: ChainState, expectedAtLeast: number): ChainBreak | undefined {
  return state.entries < expectedAtLeast ? { firstBrokenId: state.entries + 1, reason: 'truncated' } : undefined;
}

/** A whole chain in memory (tests, offline checks): the same rules as the streamed verify. */
export function verifyChain(
  entries: readonly AuditEntry[],
  checkpoints: ReadonlyMap<number, string> = new Map(),
  expectedAtLeast = 0,
): { entries: number; broken?: ChainBreak } {
  const { state, broken } = verifyBatch(CHAIN_START, entries, checkpoints);
  if (broken) return { entries: state.entries, broken };
  const end = verifyEnd(state, Math.max(expectedAtLeast, ...checkpoints.keys()));
  return end ? { entries: state.entries, broken: end } : { entries: state.entries };
}
