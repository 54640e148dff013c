import { ExactSum } from './exact-sum';
import { compareGroups, compareTotals } from './group-totals';
import { BREAK_TYPES, type BreakType, type GroupTotal, type ReconSummary, type SideSummary } from './result';

/**
 * One summary for a run reconciled in parts (disjoint key ranges, each through its own engine):
 * rows, matched keys and breaks added up, the totals of each group added up exactly (ExactSum,
 * the same text a single pass gives), groups in group order, and the two sides compared again.
 * A key's rows are never split between parts, so the sum is what one pass over all rows answers.
 */
export function mergeSummaries(parts: readonly ReconSummary[]): ReconSummary {
  if (parts.length === 0) throw new Error('mergeSummaries needs at least one part');
  const source = mergeSides(parts.map((p) => p.source));
  const target = mergeSides(parts.map((p) => p.target));
  const breaks = Object.fromEntries(BREAK_TYPES.map((t) => [t, 0])) as Record<BreakType, number>;
  let matched = 0;
  for (const p of parts) {
    matched += p.matched;
    for (const t of BREAK_TYPES) breaks[t] += p.breaks[t];
  }
  return { source, target, matched, breaks, groups: compareTotals(source, target) };
}

function mergeSides(sides: readonly SideSummary[]): SideSummary {
  const groups = new Map<string, { group: GroupTotal['group']; rows: number; sum: ExactSum | null }>();
  let rows = 0;
  let invalidAmounts = 0;
  for (const s of sides) {
    rows += s.rows;
    invalidAmounts += s.invalidAmounts;
    for (const t of s.totals) {
      const id = JSON.stringify(t.group);
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { group: t.group, rows: 0, sum: t.amount === null ? null : new ExactSum() }));
      g.rows += t.rows;
      if (t.amount !== null) (g.sum ??= new ExactSum()).add(t.amount);
    }
  }
  const totals = [...groups.values()]
    .sort((a, b) => compareGroups(Object.values(a.group), Object.values(b.group)))
    .map((g) => ({ group: g.group, rows: g.rows, amount: g.sum ? g.sum.toString() : null }));
  return { rows, totals, invalidAmounts };
}
