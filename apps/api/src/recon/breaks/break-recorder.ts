import Decimal from 'decimal.js';
import { type DataSource } from 'typeorm';
import { type BreakClassificationKind } from '@closewatch/contracts/recon';
import { classifyBreak, type LineageHop } from '@closewatch/recon/classify';
import { type ReconBreak } from '@closewatch/recon/result';
import { type BreakContext, breakFacts } from './break-context';
import { breakFingerprint, type RaisableBreak, raisableBreak } from './break-finding';
import { INSERT_BREAKS, SELECT_RECORD_HOPS } from './breaks.queries';

export interface BreakRecorderOptions {
  ds: DataSource;
  runId: string;
  reconId: string;
  flow: string;
  /** The flow's max lag (freshness SLO). */
  maxLagMs: number;
  /** When the run started reading its datasets. */
  snapshotAt: Date;
  context: BreakContext;
  /**
   * Receives each batch once stored, as the exceptions intake needs it (in key order, in-flight
   * breaks left out); a promise it returns is waited for before the next batch (EarlyRaise).
   */
  onStored?: (breaks: RaisableBreak[]) => Promise<void> | undefined;
}

interface HopRow {
  record_key: string;
  stage: string;
  system: string;
  status: string;
  occurred_at: Date;
  error_class: string | null;
}

/**
 * The run's break sink: for each batch the engine hands over, reads the lineage of the batch's
 * records with one query (hops of the flow by record key), classifies every break
 * (classifyBreak), and stores the batch in one statement, then hands it on (onStored). Keeps
 * the run's counts by classification and its amount at risk per currency (exact).
 */
export class BreakRecorder {
  readonly classifications: Partial<Record<BreakClassificationKind, number>> = {};
  private readonly amounts = new Map<string, Decimal>();
  stored = 0;

  constructor(private readonly o: BreakRecorderOptions) {}

  /** Amount at risk per currency, sorted by currency. */
  amountAtRisk(): { amount: string; currency: string }[] {
    return [...this.amounts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, amount]) => ({ currency, amount: amount.toFixed(Math.max(2, amount.decimalPlaces())) }));
  }

  readonly write = async (batch: ReconBreak[]): Promise<void> => {
    if (!batch.length) return;
    const facts = batch.map((b) => breakFacts(b, this.o.context));
    const hops = await this.lineage([...new Set(facts.map((f) => f.recordKey))]);
    const now = new Date();
    const rows = batch.map((b, i) => {
      const f = facts[i]!;
      const classification = classifyBreak({ type: b.type, hops: hops.get(f.recordKey) ?? [], maxLagMs: this.o.maxLagMs, now, snapshotAt: this.o.snapshotAt });
      this.classifications[classification.kind] = (this.classifications[classification.kind] ?? 0) + 1;
      if (f.amountAtRisk !== null && f.currency !== null) this.amounts.set(f.currency, (this.amounts.get(f.currency) ?? new Decimal(0)).plus(f.amountAtRisk));
      return {
        type: b.type,
        key: b.key,
        key_text: f.keyText,
        record_key: f.recordKey,
        source: b.source,
        target: b.target,
        differences: b.differences ?? null,
        side: b.side ?? null,
        rows: b.rows ?? null,
        amount_at_risk: f.amountAtRisk,
        currency: f.currency,
        classification,
        classification_kind: classification.kind,
        fingerprint: breakFingerprint(this.o.flow, this.o.reconId, f.recordKey, b.type),
      };
    });
    // One JSON document per batch, in key order; identity ids follow that order.
    await this.o.ds.query(INSERT_BREAKS, [this.o.runId, JSON.stringify(rows)]);
    this.stored += rows.length;
    if (this.o.onStored) {
      const raisable = rows.flatMap((r, i) =>
        r.classification_kind === 'in_flight' ? [] : [raisableBreak({ ...r, differences: r.differences as RaisableBreak['differences'] }, facts[i]!)],
      );
      await this.o.onStored(raisable);
    }
  };

  private async lineage(recordKeys: string[]): Promise<Map<string, LineageHop[]>> {
    const rows: HopRow[] = await this.o.ds.query(SELECT_RECORD_HOPS, [this.o.flow, recordKeys]);
    const out = new Map<string, LineageHop[]>();
    for (const r of rows) {
      const list = out.get(r.record_key) ?? [];
      list.push({ stage: r.stage, system: r.system, status: r.status, occurredAt: r.occurred_at, error: { class: r.error_class } });
      out.set(r.record_key, list);
    }
    return out;
  }
}
