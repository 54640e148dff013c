import { type HTMLAttributes } from 'react';
import styles from './Badge.module.css';

export type BadgeTone = 'ok' | 'warn' | 'bad' | 'info' | 'idle' | 'critical';

/** A short status word in a coloured pill; `outline` for markers next to another badge. */
export function Badge({
  tone,
  outline,
  size = 'normal',
  className,
  ...rest
}: { tone: BadgeTone; outline?: boolean; size?: 'normal' | 'large' } & HTMLAttributes<HTMLSpanElement>) {
  const classes = [styles.badge, styles[tone], outline && styles.outline, size === 'large' && styles.large, className].filter(Boolean).join(' ');
  return <span className={classes} {...rest} />;
}
