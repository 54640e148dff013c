/**
 * Dates and timestamps as instants, in whole microseconds since the epoch (PostgreSQL
 * timestamptz resolution; a JS Date carries milliseconds). A date without a time is midnight
 * UTC; a time without an offset is UTC.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

export const MICROS_PER_DAY = 86_400_000_000;

/** The instant in microseconds, null for null/undefined/'' and undefined for anything else. */
export function parseInstant(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : ms * 1000;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? null : parseIsoMicros(text);
  }
  return undefined;
}

function parseIsoMicros(text: string): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Reject dates that roll over (2026-02-31).
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  let micros = ms * 1000 + Number(frac.padEnd(6, '0').slice(0, 6));
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    micros -= sign * offsetMinutes * 60_000_000;
  }
  return micros;
}

/** ISO 8601 text of an instant in UTC, with microseconds when it has any below the millisecond. */
export function formatInstant(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  const rest = micros - ms * 1000;
  return rest === 0 ? iso : `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}
