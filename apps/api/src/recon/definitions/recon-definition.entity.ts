import { Column, Entity, PrimaryColumn } from 'typeorm';
import { type ReconDefinitionBody } from '@closewatch/contracts/recon';

/** A reconciliation definition (table `recon_definitions`): the validated body as JSON, with its schedule state. */
@Entity({ name: 'recon_definitions' })
export class ReconDefinitionEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'flow_id', type: 'text' })
  flowId: string;

  @Column({ type: 'jsonb' })
  definition: ReconDefinitionBody;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ name: 'schedule_cron', type: 'text', nullable: true })
  scheduleCron: string | null;

  @Column({ name: 'schedule_timezone', type: 'text', nullable: true })
  scheduleTimezone: string | null;

  @Column({ name: 'next_run_at', type: 'timestamptz', nullable: true })
  nextRunAt: Date | null;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
