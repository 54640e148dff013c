/** `YYYY-MM` of the instant in the IANA zone (`en-CA` formats dates as YYYY-MM-DD). */
export function periodIn(timeZone: string, now: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now)).slice(0, 7);
}

/**
 * "3 working days left", "due today", "1 working day late". Past the deadline a close is said
 * to be late only where something still holds it (`late`: a blocked or at-risk readiness); a
 * ready close, or a calendar that knows nothing of readiness, says "deadline 19 working days ago".
 */
export function daysLeftText(workingDaysLeft: number, opts: { late?: boolean } = {}): string {
  if (workingDaysLeft === 0) return 'due today';
  const n = Math.abs(workingDaysLeft);
  const days = `${n} working day${n === 1 ? '' : 's'}`;
  if (workingDaysLeft > 0) return `${days} left`;
  return opts.late === false ? `deadline ${days} ago` : `${days} late`;
}

/** The editor's JSON for a calendar: everything but the entity, which the address names. */
export function editableCalendar(c: { entity: string } & Record<string, unknown>): string {
  const { entity: _entity, ...body } = c;
  return JSON.stringify(body, null, 2);
}

export const NEW_CALENDAR = JSON.stringify(
  { timezone: 'Europe/Berlin', workweek: [1, 2, 3, 4, 5], holidays: ['2026-12-25'], closeStart: 'WD-2', deadline: 'WD+5', deadlineTime: '18:00', periods: {} },
  null,
  2,
);

/** A deadline as the entity reads it: `Mon, 7 Dec 2026, 18:00` in its own zone. */
export function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}
