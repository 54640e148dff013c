import { type ReconPlan } from './compile';
import { Dec, decimalText } from './decimal';
import { ExactSum } from './exact-sum';
import { type JsonValue } from './json-value';
import { type GroupComparison, type SideSummary } from './result';

interface Bucket {
  group: (string | null)[];
  rows: number;
  sum: ExactSum;
}

/** One level of the group tree: a group field's text (null for null) to the next level or the bucket. */
type GroupLevel = Map<string | null, GroupLevel | Bucket>;

/**
 * Row counts and exact amount sums of one side, per group of the totals' groupBy values
 * (currency, entity, period…). Memory grows with the number of groups, not with rows. Groups
 * are found through one map per group field (no key string built per row).
 */
export class GroupTotals {
  private readonly root: GroupLevel = new Map();
  private readonly buckets: Bucket[] = [];
  private rows = 0;
  private invalid = 0;

  constructor(private readonly plan: ReconPlan) {}

  add(values: readonly JsonValue[]): void {
    this.rows++;
    const totals = this.plan.totals;
    if (!totals) return;
    const slots = totals.groupSlots;
    let level = this.root;
    const last = slots.length - 1;
    for (let i = 0; i < last; i++) {
      const text = groupText(values[slots[i]]);
      let next = level.get(text) as GroupLevel | undefined;
      if (!next) level.set(text, (next = new Map()));
      level = next;
    }
    const text = last < 0 ? null : groupText(values[slots[last]]);
    let bucket = level.get(text) as Bucket | undefined;
    if (!bucket) {
      bucket = { group: slots.map((slot) => groupText(values[slot])), rows: 0, sum: new ExactSum() };
      level.set(text, bucket);
      this.buckets.push(bucket);
    }
    bucket.rows++;
    const amount = values[totals.amountSlot];
    if (amount !== null && !bucket.sum.add(amount)) this.invalid++;
  }

  summary(): SideSummary {
    const totals = this.plan.totals;
    if (!totals) return { rows: this.rows, totals: [{ group: {}, rows: this.rows, amount: null }], invalidAmounts: 0 };
    const list = [...this.buckets]
      .sort((a, b) => compareGroups(a.group, b.group))
      .map((b) => ({ group: labelled(totals.groupNames, b.group), rows: b.rows, amount: b.sum.toString() }));
    return { rows: this.rows, totals: list, invalidAmounts: this.invalid };
  }
}

function groupText(value: JsonValue): string | null {
  if (value === null) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function labelled(names: string[], values: (string | null)[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  names.forEach((n, i) => (out[n] = values[i]));
  return out;
}

export function compareGroups(a: (string | null)[], b: (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (a[i] === null) return 1;
    if (b[i] === null) return -1;
    return (a[i] as string) < (b[i] as string) ? -1 : 1;
  }
  return 0;
}

/**
 * The groups of both sides side by side (target minus source), in group order. A group seen
 * on one side only has zero rows and a zero amount on the other.
 */
export function compareTotals(source: SideSummary, target: SideSummary): GroupComparison[] {
  const byId = new Map<string, GroupComparison>();
  const hasAmount = source.totals.some((t) => t.amount !== null) || target.totals.some((t) => t.amount !== null);
  const zero = hasAmount ? '0' : null;
  for (const [side, summary] of [
    ['source', source],
    ['target', target],
  ] as const) {
    for (const t of summary.totals) {
      const id = JSON.stringify(t.group);
      let entry = byId.get(id);
      if (!entry) {
        entry = {
          group: t.group,
          source: { rows: 0, amount: zero },
          target: { rows: 0, amount: zero },
          rowsDifference: 0,
          amountDifference: zero,
          balanced: true,
        };
        byId.set(id, entry);
      }
      entry[side] = { rows: t.rows, amount: t.amount };
    }
  }
  const out = [...byId.values()];
  for (const g of out) {
    g.rowsDifference = g.target.rows - g.source.rows;
    g.amountDifference = g.source.amount === null || g.target.amount === null ? null : decimalText(new Dec(g.target.amount).minus(g.source.amount));
    g.balanced = g.rowsDifference === 0 && (g.amountDifference === null || g.amountDifference === '0');
  }
  const order = (x: GroupComparison) => Object.values(x.group);
  return out.sort((a, b) => compareGroups(order(a), order(b)));
}
