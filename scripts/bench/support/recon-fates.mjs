// The reconciliation benches' data: every FATE_EVERY-th key gets a fate (missing in the target,
// an amount or field mismatch, a duplicate, an unexpected target row), so the breaks every run
// must find are known in advance and checked after each run and the FULL OUTER JOIN.

export const FATE_EVERY = 5000;

/** The breaks and matches of n source keys. */
export function expectedCounts(n) {
  const of = (fate) => (fate === 0 ? Math.floor(n / FATE_EVERY) : n >= fate ? Math.floor((n - fate) / FATE_EVERY) + 1 : 0);
  const c = { missing_in_target: of(0), unexpected_in_target: of(4), amount_mismatch: of(1), field_mismatch: of(2), duplicate_key: of(3) };
  return { ...c, matched: n - c.missing_in_target - c.amount_mismatch - c.field_mismatch - c.duplicate_key };
}

/** Throws unless `got` has the expected break counts (the join counts a duplicate as rows, not a break). */
export function checkCounts(what, got, expected, { duplicatesAsRows = false } = {}) {
  for (const k of ['missing_in_target', 'unexpected_in_target', 'amount_mismatch', 'field_mismatch', ...(duplicatesAsRows ? [] : ['duplicate_key'])]) {
    if (Number(got[k]) !== expected[k]) throw new Error(`${what}: ${k} is ${got[k]}, expected ${expected[k]}`);
  }
}
