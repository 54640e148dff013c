import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One break of one run (table `recon_breaks`), in key order by id; written in batches by break-store.ts. */
@Entity({ name: 'recon_breaks' })
export class ReconBreakEntity {
  @PrimaryColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'jsonb' })
  key: Record<string, string | null>;

  /** The key as canonical JSON text. */
  @Column({ name: 'key_text', type: 'text' })
  keyText: string;

  @Column({ name: 'record_key', type: 'text', nullable: true })
  recordKey: string | null;

  @Column({ type: 'jsonb', nullable: true })
  source: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  target: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  differences: unknown[] | null;

  @Column({ type: 'text', nullable: true })
  side: string | null;

  @Column({ type: 'integer', nullable: true })
  rows: number | null;

  @Column({ name: 'amount_at_risk', type: 'numeric', nullable: true })
  amountAtRisk: string | null;

  @Column({ type: 'text', nullable: true })
  currency: string | null;

  @Column({ type: 'jsonb', nullable: true })
  classification: Record<string, unknown> | null;

  @Column({ name: 'classification_kind', type: 'text', nullable: true })
  classificationKind: string | null;

  /** The exception fingerprint the break maps to (exceptions/fingerprint.ts). */
  @Column({ type: 'text', nullable: true })
  fingerprint: string | null;

  @Column({ name: 'exception_id', type: 'uuid', nullable: true })
  exceptionId: string | null;
}
