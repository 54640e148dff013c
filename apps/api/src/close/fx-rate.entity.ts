import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** 1 `base` = `rate` `quote` from `rate_date` on (table `fx_rates`, migration CloseCalendars); SQL in close.store.ts. */
@Entity({ name: 'fx_rates' })
@Index('fx_rates_quote_idx', ['quote', 'base', 'rateDate'])
@Index('fx_rates_date_idx', ['rateDate', 'base', 'quote'])
export class FxRateEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'fx_rates_pkey' })
  base: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'fx_rates_pkey' })
  quote: string;

  @PrimaryColumn({ name: 'rate_date', type: 'date', primaryKeyConstraintName: 'fx_rates_pkey' })
  rateDate: string;

  /** Exact decimal, read as text. */
  @Column({ type: 'numeric' })
  rate: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
