import { type TableHTMLAttributes } from 'react';
import styles from './Table.module.css';

/** A table in a horizontally scrolling wrap; `compact` for dense panels (tighter cells, row headers). */
export function Table({ compact, className, ...rest }: { compact?: boolean } & TableHTMLAttributes<HTMLTableElement>) {
  return (
    <div className={styles.wrap}>
      <table className={[styles.table, compact && styles.compact, className].filter(Boolean).join(' ')} {...rest} />
    </div>
  );
}
