import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { type FlowPattern, type ImpactArea, type Workflow } from '@closewatch/contracts/catalog';

/** One governed sync path (table `flows`, migration Foundation). Money is numeric, read as text. */
@Entity({ name: 'flows' })
export class FlowEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'source_system', type: 'text' })
  sourceSystem: string;

  @Column({ name: 'target_system', type: 'text' })
  targetSystem: string;

  @Column({ type: 'text' })
  pattern: FlowPattern;

  @Column({ type: 'text' })
  workflow: Workflow;

  @Column({ name: 'max_lag_seconds', type: 'integer' })
  maxLagSeconds: number;

  @Column({ name: 'schedule_cron', type: 'text', nullable: true })
  scheduleCron: string | null;

  @Column({ name: 'schedule_timezone', type: 'text' })
  scheduleTimezone: string;

  @Column({ name: 'grace_seconds', type: 'integer' })
  graceSeconds: number;

  @Column({ name: 'max_silence_seconds', type: 'integer', nullable: true })
  maxSilenceSeconds: number | null;

  @Column({ name: 'owner_team', type: 'text', nullable: true })
  ownerTeam: string | null;

  @Column({ name: 'alert_route', type: 'text', nullable: true })
  alertRoute: string | null;

  /** Runbook URLs by error class (`default` for the others); null when none. */
  @Column({ type: 'jsonb', nullable: true })
  runbooks: Record<string, string> | null;

  /** Where replay requests for its failed records go (a webhook receiver); null when the flow has none. */
  @Column({ type: 'jsonb', nullable: true })
  replay: { receiver: string } | null;

  @Column({ type: 'text', array: true })
  impacts: ImpactArea[];

  @Column({ name: 'board_metrics', type: 'text', array: true })
  boardMetrics: string[];

  @Column({ name: 'materiality_amount', type: 'numeric', precision: 20, scale: 4, nullable: true })
  materialityAmount: string | null;

  @Column({ name: 'materiality_currency', type: 'char', length: 3, nullable: true })
  materialityCurrency: string | null;

  @Column({ type: 'text', array: true })
  entities: string[];

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
