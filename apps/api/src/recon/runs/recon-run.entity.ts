import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type ReconDefinitionBody } from '@closewatch/contracts/recon';

/**
 * One run of a reconciliation (table `recon_runs`), also its queue entry: queued runs are
 * claimed with FOR UPDATE SKIP LOCKED (recon-queue.ts). Counts are bigint (text in JS).
 */
@Entity({ name: 'recon_runs' })
export class ReconRunEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'recon_id', type: 'text' })
  reconId: string;

  @Column({ name: 'flow_id', type: 'text' })
  flowId: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ type: 'text' })
  trigger: string;

  @Column({ type: 'text' })
  mode: string;

  @Column({ name: 'requested_scope', type: 'jsonb' })
  requestedScope: Record<string, string>;

  @Column({ type: 'jsonb' })
  scope: Record<string, string>;

  @Column({ type: 'jsonb', nullable: true })
  definition: ReconDefinitionBody | null;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ name: 'retry_of', type: 'uuid', nullable: true })
  retryOf: string | null;

  @Column({ name: 'scheduled_for', type: 'timestamptz', nullable: true })
  scheduledFor: Date | null;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ name: 'queued_at', type: 'timestamptz' })
  queuedAt: Date;

  @Column({ name: 'not_before', type: 'timestamptz' })
  notBefore: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt: Date | null;

  @Column({ type: 'text', nullable: true })
  worker: string | null;

  @Column({ name: 'cancel_requested_at', type: 'timestamptz', nullable: true })
  cancelRequestedAt: Date | null;

  @Column({ name: 'source_rows', type: 'bigint' })
  sourceRows: string;

  @Column({ name: 'target_rows', type: 'bigint' })
  targetRows: string;

  @Column({ name: 'progress_at', type: 'timestamptz', nullable: true })
  progressAt: Date | null;

  @Column({ type: 'bigint', nullable: true })
  matched: string | null;

  @Column({ name: 'missing_in_target', type: 'bigint', nullable: true })
  missingInTarget: string | null;

  @Column({ name: 'unexpected_in_target', type: 'bigint', nullable: true })
  unexpectedInTarget: string | null;

  @Column({ name: 'amount_mismatch', type: 'bigint', nullable: true })
  amountMismatch: string | null;

  @Column({ name: 'field_mismatch', type: 'bigint', nullable: true })
  fieldMismatch: string | null;

  @Column({ name: 'duplicate_key', type: 'bigint', nullable: true })
  duplicateKey: string | null;

  /** Both sides' rows and totals, and the per-group comparison. */
  @Column({ type: 'jsonb', nullable: true })
  summary: Record<string, unknown> | null;

  @Column({ type: 'jsonb' })
  classifications: Record<string, number>;

  @Column({ name: 'amount_at_risk', type: 'jsonb' })
  amountAtRisk: { amount: string; currency: string }[];

  @Column({ type: 'boolean', nullable: true })
  material: boolean | null;

  @Column({ type: 'jsonb', nullable: true })
  bisect: Record<string, unknown> | null;

  @Column({ name: 'exceptions_raised', type: 'integer' })
  exceptionsRaised: number;

  @Column({ name: 'exceptions_resolved', type: 'integer' })
  exceptionsResolved: number;

  @Column({ name: 'exceptions_skipped', type: 'integer' })
  exceptionsSkipped: number;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @Column({ name: 'error_retryable', type: 'boolean', nullable: true })
  errorRetryable: boolean | null;
}
