import { type ButtonHTMLAttributes } from 'react';
import { Link, type LinkProps } from 'react-router-dom';
import styles from './Button.module.css';

export interface ButtonLook {
  /** `ghost` is for dark surfaces (the top bar); `quiet` has no border until it matters. */
  variant?: 'default' | 'primary' | 'danger' | 'ghost' | 'quiet';
  size?: 'normal' | 'small';
  /** Fills its container's width. */
  block?: boolean;
  /** Shown pressed (the form it opens is open). */
  pressed?: boolean;
}

function lookClass({ variant = 'default', size = 'normal', block, pressed }: ButtonLook, extra?: string): string {
  return [styles.button, variant !== 'default' && styles[variant], size === 'small' && styles.small, block && styles.block, pressed && styles.pressed, extra]
    .filter(Boolean)
    .join(' ');
}

/** A button (type="button" unless told otherwise). */
export function Button({ variant, size, block, pressed, className, type = 'button', ...rest }: ButtonLook & ButtonHTMLAttributes<HTMLButtonElement>) {
  return <button type={type} className={lookClass({ variant, size, block, pressed }, className)} {...rest} />;
}

/** A router link that looks like a button (it navigates, so it stays a link for assistive technology). */
export function ButtonLink({ variant, size, block, className, ...rest }: Omit<ButtonLook, 'pressed'> & LinkProps) {
  return <Link className={lookClass({ variant, size, block }, className)} {...rest} />;
}
