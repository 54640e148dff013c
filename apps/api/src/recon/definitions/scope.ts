import { PERIOD_PATTERN } from '@closewatch/contracts/finance';

/**
 * The scope a run uses: the definition's parameters overridden by the run request's, with a
 * relative period (`current`, `previous`) resolved to YYYY-MM at `now` in the time zone of the
 * definition's schedule (UTC without one).
 */
export function resolveScope(
  definitionScope: Readonly<Record<string, string>> | undefined,
  requested: Readonly<Record<string, string>> | undefined,
  now: Date,
  timeZone = 'UTC',
): Record<string, string> {
  const scope: Record<string, string> = { ...(definitionScope ?? {}), ...(requested ?? {}) };
  const period = scope.period;
  if (period === 'current' || period === 'previous') scope.period = relativePeriod(period, now, timeZone);
  return Object.fromEntries(Object.entries(scope).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The accounting period (YYYY-MM) containing `now` in the zone, or the one before it. */
export function relativePeriod(which: 'current' | 'previous', now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now);
  let year = Number(parts.find((p) => p.type === 'year')!.value);
  let month = Number(parts.find((p) => p.type === 'month')!.value);
  if (which === 'previous') {
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  const period = `${year}-${String(month).padStart(2, '0')}`;
  if (!PERIOD_PATTERN.test(period)) throw new Error(`not a period: ${period}`);
  return period;
}
