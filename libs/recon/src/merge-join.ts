import { type BreakSink } from './break-sink';
import { type ReconPlan } from './compile';
import { type Dec, decimalText, parseDecimal } from './decimal';
import { type Side, sideName } from './definition';
import { compareField } from './field-compare';
import { type JsonValue } from './json-value';
import { type GroupReader, type KeyGroup } from './keyed-cursor';
import { type KeyedRow } from './keyed-row';
import { type KeyValue } from './key-encoding';
import { type FieldDifference, type ReconBreak } from './result';

/**
 * The sort-merge join: walks two key-ordered cursors together, one key group at a time, and
 * turns each key into a match or breaks. Per key:
 * - rows on one side only: `missing_in_target` / `unexpected_in_target`;
 * - several rows on a side: one `duplicate_key` for that side (with the row count); a key
 *   duplicated on either side is ambiguous and its fields are not compared;
 * - exactly one row on each side: every compared field is checked (field-compare.ts); amount
 *   fields that differ make one `amount_mismatch`, other fields one `field_mismatch`; a pair
 *   with no difference is matched.
 * Memory: the current row of each side and one batch of breaks.
 */
export class MergeJoin {
  matched = 0;
  private readonly dupSource: DuplicateAmounts;
  private readonly dupTarget: DuplicateAmounts;

  constructor(
    private readonly plan: ReconPlan,
    private readonly sink: BreakSink,
  ) {
    const slot = plan.totals ? plan.totals.amountSlot : null;
    this.dupSource = new DuplicateAmounts(slot);
    this.dupTarget = new DuplicateAmounts(slot);
  }

  async run(source: GroupReader, target: GroupReader): Promise<void> {
    await source.advance();
    await target.advance();
    const dupSource = this.dupSource.visit;
    const dupTarget = this.dupTarget.visit;
    // Group reads answer at once while a batch is in hand: await only real promises (per row, a
    // needless await is a promise and a microtask).
    for (;;) {
      const s = source.current;
      const t = target.current;
      if (!s && !t) return;
      if (!t || (s && s.key < t.key)) {
        let group = source.takeGroup(dupSource);
        if (isPromise(group)) group = await group;
        if (group.rows > 1) await this.duplicate('source', group);
        await this.sink.add(this.oneSided('missing_in_target', 'source', group.first));
      } else if (!s || t.key < s.key) {
        let group = target.takeGroup(dupTarget);
        if (isPromise(group)) group = await group;
        if (group.rows > 1) await this.duplicate('target', group);
        await this.sink.add(this.oneSided('unexpected_in_target', 'target', group.first));
      } else {
        let sg = source.takeGroup(dupSource);
        if (isPromise(sg)) sg = await sg;
        let tg = target.takeGroup(dupTarget);
        if (isPromise(tg)) tg = await tg;
        if (sg.rows > 1) await this.duplicate('source', sg);
        if (tg.rows > 1) await this.duplicate('target', tg);
        if (sg.rows === 1 && tg.rows === 1 && !this.samePair(sg.first, tg.first)) await this.comparePair(sg.first, tg.first);
      }
    }
  }

  private async duplicate(side: Side, group: KeyGroup): Promise<void> {
    const brk = this.breakFor('duplicate_key', group.first, side === 'source' ? group.first : null, side === 'target' ? group.first : null);
    brk.side = side;
    brk.rows = group.rows;
    brk.amountAtRisk = (side === 'source' ? this.dupSource : this.dupTarget).take();
    await this.sink.add(brk);
  }

  /** A pair with no difference in any compared field counts as matched (answers true). */
  private samePair(s: KeyedRow, t: KeyedRow): boolean {
    const compares = this.plan.compares;
    for (let i = 0; i < compares.length; i++) {
      const spec = compares[i];
      if (!compareField(spec, s.values[spec.slot], t.values[spec.slot]).equal) return false;
    }
    this.matched++;
    return true;
  }

  private oneSided(type: 'missing_in_target' | 'unexpected_in_target', side: Side, row: KeyedRow): ReconBreak {
    const brk = this.breakFor(type, row, side === 'source' ? row : null, side === 'target' ? row : null);
    brk.amountAtRisk = absText(this.amountOf(row));
    return brk;
  }

  private async comparePair(s: KeyedRow, t: KeyedRow): Promise<void> {
    let amountDiffs: FieldDifference[] | null = null;
    let fieldDiffs: FieldDifference[] | null = null;
    for (const spec of this.plan.compares) {
      const sv = s.values[spec.slot];
      const tv = t.values[spec.slot];
      const outcome = compareField(spec, sv, tv);
      if (outcome.equal) continue;
      const diff: FieldDifference = { field: spec.source, targetField: spec.target, source: sv, target: tv };
      if (outcome.difference !== undefined) diff.difference = outcome.difference;
      if (spec.amount) (amountDiffs ??= []).push(diff);
      else (fieldDiffs ??= []).push(diff);
    }
    if (!amountDiffs && !fieldDiffs) {
      this.matched++;
      return;
    }
    if (amountDiffs) {
      const brk = this.breakFor('amount_mismatch', s, s, t);
      brk.differences = amountDiffs;
      brk.amountAtRisk = this.mismatchAmount(amountDiffs, s);
      await this.sink.add(brk);
    }
    if (fieldDiffs) {
      const brk = this.breakFor('field_mismatch', s, s, t);
      brk.differences = fieldDiffs;
      brk.amountAtRisk = absText(this.amountOf(s));
      await this.sink.add(brk);
    }
  }

  /** The size of the totals amount's difference, else of the first amount difference. */
  private mismatchAmount(diffs: FieldDifference[], s: KeyedRow): string | null {
    const totals = this.plan.totals;
    const totalsField = totals ? this.plan.fields[totals.amountSlot] : null;
    const pick = diffs.find((d) => totalsField && d.field === totalsField.source && d.targetField === totalsField.target) ?? diffs[0];
    if (pick.difference !== undefined) return pick.difference.replace(/^-/, '');
    return absText(this.amountOf(s));
  }

  private amountOf(row: KeyedRow) {
    const totals = this.plan.totals;
    if (!totals) return null;
    return parseDecimal(row.values[totals.amountSlot]) ?? null;
  }

  private breakFor(type: ReconBreak['type'], keyRow: KeyedRow, s: KeyedRow | null, t: KeyedRow | null): ReconBreak {
    const key: Record<string, KeyValue> = {};
    this.plan.keys.forEach((k, i) => (key[k.source] = keyRow.keyValues[i]));
    return { type, key, source: s && this.rowObject('source', s), target: t && this.rowObject('target', t), amountAtRisk: null };
  }

  /** A row as JSON under its side's names: key fields (canonical values), then carried fields. */
  private rowObject(side: Side, row: KeyedRow): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    this.plan.keys.forEach((k, i) => (out[sideName(k, side)] = row.keyValues[i]));
    this.plan.fields.forEach((f, i) => (out[sideName(f, side)] = row.values[i]));
    return out;
  }
}

/**
 * The amount a duplicated key puts at risk, whatever the order of its rows: the sum of the
 * rows' absolute amounts less the smallest one (one row is legitimate, the rest are extra).
 */
class DuplicateAmounts {
  private sum: Dec | null = null;
  private min: Dec | null = null;

  constructor(private readonly slot: number | null) {}

  readonly visit = (row: KeyedRow): void => {
    if (this.slot === null) return;
    const d = parseDecimal(row.values[this.slot]);
    if (!d) return;
    const a = d.abs();
    this.sum = this.sum ? this.sum.plus(a) : a;
    if (!this.min || a.lt(this.min)) this.min = a;
  };

  take(): string | null {
    const out = this.sum && this.min ? decimalText(this.sum.minus(this.min)) : null;
    this.sum = null;
    this.min = null;
    return out;
  }
}

function absText(d: ReturnType<typeof parseDecimal>): string | null {
  return d ? decimalText(d.abs()) : null;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Partial<Promise<T>>).then === 'function';
}
