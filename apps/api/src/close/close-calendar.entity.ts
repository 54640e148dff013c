import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { type ClosePeriodOverrideDto } from '@closewatch/contracts/close';

/** One entity's close calendar (table `close_calendars`, migration CloseCalendars); SQL in close.store.ts. */
@Entity({ name: 'close_calendars' })
export class CloseCalendarEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'close_calendars_pkey' })
  entity: string;

  @Column({ type: 'text' })
  timezone: string;

  @Column({ type: 'smallint', array: true })
  workweek: number[];

  @Column({ type: 'date', array: true })
  holidays: string[];

  @Column({ name: 'close_start', type: 'text' })
  closeStart: string;

  @Column({ type: 'text' })
  deadline: string;

  @Column({ name: 'deadline_time', type: 'text' })
  deadlineTime: string;

  @Column({ type: 'jsonb' })
  periods: Record<string, ClosePeriodOverrideDto>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
