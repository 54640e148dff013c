import { type HTMLAttributes, type ReactNode, useEffect } from 'react';
import { Button } from './Button';
import styles from './Drawer.module.css';

/**
 * A side panel beside a list, named by `label` for assistive technology: `heading` (badges, the
 * h2, a subtitle) with a close button, then the scrolling body. Escape closes it.
 */
export function Drawer({
  label,
  heading,
  onClose,
  children,
  ...rest
}: { label: string; heading: ReactNode; onClose(): void; children: ReactNode } & Omit<HTMLAttributes<HTMLElement>, 'children'>) {
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside className={styles.drawer} aria-label={label} {...rest}>
      <header className={styles.header}>
        <div className={styles.title}>{heading}</div>
        <Button size="small" variant="quiet" className={styles.close} onClick={onClose} aria-label="Close" data-testid="drawer-close">
          ✕
        </Button>
      </header>
      <div className={styles.body}>{children}</div>
    </aside>
  );
}

/** One titled part of a drawer's body, separated from the next by a rule. */
export function DrawerSection({ className, ...rest }: HTMLAttributes<HTMLElement>) {
  return <section className={className ? `${styles.section} ${className}` : styles.section} {...rest} />;
}
