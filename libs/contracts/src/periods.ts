/** Accounting periods `YYYY-MM` (finance.ts PERIOD_PATTERN), for the api and the dashboard. */

/** `2027-01` → `2026-12`. */
export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}
