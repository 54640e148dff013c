import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { type ExceptionType, type IncidentStatus, type Severity } from '@closewatch/contracts/exceptions';

/**
 * Exceptions of one flow and one cause within a window, for IT and on-call (table `incidents`).
 * Status, severity, counts and first/last seen are derived from its exceptions and refreshed in
 * the same transaction as every change to them.
 */
@Entity({ name: 'incidents' })
@Index('incidents_group_key_idx', ['groupKey', 'lastSeenAt'])
@Index('incidents_last_seen_idx', ['lastSeenAt', 'id'])
@Index('incidents_flow_last_seen_idx', ['flowId', 'lastSeenAt', 'id'])
@Index('incidents_status_last_seen_idx', ['status', 'lastSeenAt', 'id'])
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The grouping values as JSON ([flow, cause, type, entity, period], nulls for keys not grouped by). */
  @Column({ name: 'group_key', type: 'text' })
  groupKey: string;

  @Column({ name: 'flow_id', type: 'text' })
  flowId: string;

  @Column({ type: 'text', nullable: true })
  cause: string | null;

  @Column({ name: 'exception_type', type: 'text', nullable: true })
  exceptionType: ExceptionType | null;

  @Column({ type: 'text', nullable: true })
  entity: string | null;

  @Column({ type: 'text', nullable: true })
  period: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  status: IncidentStatus;

  @Column({ type: 'text' })
  severity: Severity;

  @Column({ name: 'exception_count', type: 'integer' })
  exceptionCount: number;

  @Column({ name: 'unresolved_count', type: 'integer' })
  unresolvedCount: number;

  @Column({ type: 'bigint' })
  occurrences: string;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
