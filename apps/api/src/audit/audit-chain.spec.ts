import fc from 'fast-check';
import { type AuditEntry, canonicalEntry, entryHash, GENESIS_HASH, verifyChain } from './audit-chain';
import { canonicalJson } from './canonical-json';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let id = 1; id <= n; id++) {
    const base = {
      id,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString(),
      actor: { kind: 'user' as const, id: 'u1', email: 'a@example.com' },
      action: 'exception.resolve',
      objectType: 'exception',
      objectId: `e${id}`,
      before: { status: 'open' },
      after: { status: 'resolved', note: `n${id}` },
      prevHash,
    };
    const e = { ...base, hash: entryHash(base) };
    out.push(e);
    prevHash = e.hash;
  }
  return out;
}

/** Recomputes every hash from `from` on, as someone rewriting the chain would. */
function rehash(entries: AuditEntry[], from: number): AuditEntry[] {
  const out = entries.slice(0, from);
  let prevHash = from === 0 ? GENESIS_HASH : out[from - 1]!.hash;
  for (const e of entries.slice(from)) {
    const next = { ...e, prevHash, hash: '' };
    next.hash = entryHash(next);
    out.push(next);
    prevHash = next.hash;
  }
  return out;
}

describe('audit chain', () => {
  it('hashes prevHash + the canonical JSON of the entry without hash, the first prevHash 64 zeros', () => {
    const [first] = chain(1);
    expect(first!.prevHash).toBe(GENESIS_HASH);
    expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...first!, hash: 'ignored' })).toBe(first!.hash);
  });

  it('passes an intact chain, counting its entries', () => {
    expect(verifyChain(chain(5))).toEqual({ entries: 5 });
    expect(verifyChain([])).toEqual({ entries: 0 });
  });

  it('names an altered entry (hash_mismatch)', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, after: { status: 'dismissed' } };
    expect(verifyChain(c).broken).toEqual({ firstBrokenId: 3, reason: 'hash_mismatch' });
  });

  it('names the entry after one altered and re-hashed alone (prev_hash_mismatch)', () => {
    const c = chain(5);
    const altered = { ...c[2]!, action: 'x' };
    c[2] = { ...altered, hash: entryHash(altered) };
    expect(verifyChain(c).broken).toEqual({ firstBrokenId: 4, reason: 'prev_hash_mismatch' });
  });

  it('names a deleted entry by its id (gap)', () => {
    const c = chain(5);
    c.splice(1, 1);
    expect(verifyChain(c).broken).toEqual({ firstBrokenId: 2, reason: 'gap' });
  });

  it('catches a rewritten chain at the first checkpoint it contradicts', () => {
    const c = chain(6);
    const checkpoints = new Map([
      [2, c[1]!.hash],
      [4, c[3]!.hash],
    ]);
    const rewritten = rehash(
      c.map((e, i) => (i === 2 ? { ...e, after: { status: 'dismissed' } } : e)),
      2,
    );
    expect(verifyChain(rewritten).broken).toBeUndefined(); // self-consistent without checkpoints
    expect(verifyChain(rewritten, checkpoints).broken).toEqual({ firstBrokenId: 4, reason: 'hash_mismatch' });
  });

  it('catches a cut tail against the last checkpoint (truncated), naming the first missing entry', () => {
    const c = chain(6);
    expect(verifyChain(c.slice(0, 4), new Map([[6, c[5]!.hash]])).broken).toEqual({ firstBrokenId: 5, reason: 'truncated' });
    expect(verifyChain(c.slice(0, 4), new Map(), 5).broken).toEqual({ firstBrokenId: 5, reason: 'truncated' });
  });
});

describe(canonicalEntry.name, () => {
  const base = {
    id: 7,
    at: '2026-12-07T05:00:00.123Z',
    actor: { kind: 'user' as const, id: 'u1', email: 'a"b@example.com' },
    action: 'exception.resolved',
    objectType: 'exception',
    objectId: null,
    before: { z: 1, a: [{ y: null, b: 'é\n' }], m: { q: true, c: -0.5 } },
    after: null,
    prevHash: GENESIS_HASH,
  };

  it('is the canonical JSON of the entry without its hash', () => {
    expect(canonicalEntry(base)).toBe(canonicalJson(base));
    expect(canonicalEntry({ ...base, hash: 'x' })).toBe(canonicalJson(base));
    const system = { ...base, actor: { kind: 'system' as const, id: null, email: null }, objectId: 'o-1', after: { 'b\u0000': [] } };
    expect(canonicalEntry(system)).toBe(canonicalJson(system));
  });

  it('drops undefined members as canonicalJson does', () => {
    const partial = { ...base, before: undefined, after: undefined };
    expect(canonicalEntry(partial)).toBe(canonicalJson(partial));
  });

  it('matches canonicalJson for any JSON before and after', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.string(), (before, after, action) => {
        const e = { ...base, before, after, action };
        expect(canonicalEntry(e)).toBe(canonicalJson(e));
      }),
    );
  });
});
