import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { type ExceptionHistoryAction, type ExceptionStatus } from '@closewatch/contracts/exceptions';

/** One transition of one exception: who, when, why (append-only; the database refuses changes). */
@Entity({ name: 'exception_history' })
@Index('exception_history_exception_idx', ['exceptionId', 'id'])
export class ExceptionHistoryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'exception_id', type: 'uuid' })
  exceptionId: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'text' })
  action: ExceptionHistoryAction;

  /** The user who acted; null when Closewatch did (intake, auto-resolve, recurrence). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** The user's email at the time, or the system component's name. */
  @Column({ name: 'actor_label', type: 'text' })
  actorLabel: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: ExceptionStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: ExceptionStatus;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;
}
