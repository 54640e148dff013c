/**
 * Amounts stay the exact decimal strings the API sends: digits are grouped by thousands as text,
 * never parsed into a binary float, so `12345678901234.10` shows every digit it has.
 */
export function formatAmount(amount: string | null | undefined, currency?: string | null): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const grouped = groupDigits(amount);
  return currency ? `${grouped} ${currency}` : grouped;
}

/**
 * An exact decimal rounded half away from zero to `digits` fraction digits, as text: converted
 * amounts (`447770.8333333333`) are shown to the cent; the API keeps them exact.
 */
export function roundDecimal(amount: string, digits = 2): string {
  const m = /^([-+]?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return amount;
  const [, sign, whole, frac = ''] = m;
  if (frac.length <= digits) return amount;
  const scaled = BigInt(`${whole}${frac.slice(0, digits)}`) + (Number(frac[digits]) >= 5 ? 1n : 0n);
  const text = scaled.toString().padStart(digits + 1, '0');
  const rounded = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return /^[0.]+$/.test(rounded) ? rounded : `${sign === '-' ? '-' : ''}${rounded}`;
}

/** A signed difference, `+12.50 USD` or `-0.01 USD`; zero has no sign. */
export function formatSignedAmount(amount: string, currency?: string | null): string {
  const isZero = /^[-+]?0*(\.0*)?$/.test(amount);
  const sign = amount.startsWith('-') || amount.startsWith('+') || isZero ? '' : '+';
  return formatAmount(`${sign}${amount}`, currency);
}

function groupDigits(amount: string): string {
  const m = /^([-+]?)(\d+)(\.\d+)?$/.exec(amount.trim());
  if (!m) return amount;
  const [, sign, int, frac = ''] = m;
  return `${sign}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac}`;
}

/** A ratio 0..1 as a percentage with one decimal, `4.2%`. */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.001 ? 2 : 1)}%`;
}

/** A rate per minute with sensible precision, `0.4`, `12`, `1,250`. */
export function formatRate(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (n === 0) return '0';
  if (n < 10) return n.toFixed(1);
  return Math.round(n).toLocaleString('en-US');
}
