/**
 * Dates and timestamps as instants, in whole microseconds since the epoch (PostgreSQL
 * timestamptz resolution; a JS Date carries milliseconds). A date without a time is midnight
 * UTC; a time without an offset is UTC.
 */

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

/** Digits at text[at, at + n) as a number, or -1 if any is not a digit. */
function digits(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * YYYY-MM-DD, optionally followed by T or a space, HH:MM, optional :SS, an optional fraction
 * (. or , and 1 to 9 digits, truncated to the microsecond), optional spaces and an optional zone
 * (Z, ±HH, ±HHMM, ±HH:MM). A hand-written scanner: this runs for every date of every row.
 */
function parseIsoMicros(text: string): number | undefined {
  const len = text.length;
  if (len < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  let micros = daysFromCivil(year, month, day) * 86_400_000_000;
  if (len === 10) return micros;
  const sep = text[10];
  if ((sep !== 'T' && sep !== ' ' && sep !== 't') || len < 16 || text.charCodeAt(13) !== 58) return undefined;
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  let second = 0;
  let i = 16;
  if (text.charCodeAt(i) === 58) {
    second = digits(text, 17, 2);
    if (second < 0 || len < 19) return undefined;
    i = 19;
  }
  let fraction = 0;
  let fractionDigits = 0;
  if (text[i] === '.' || text[i] === ',') {
    i++;
    while (i < len && fractionDigits < 9 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
      if (fractionDigits < 6) fraction = fraction * 10 + (text.charCodeAt(i) - 48);
      fractionDigits++;
      i++;
    }
    if (fractionDigits === 0) return undefined;
    for (let k = Math.min(fractionDigits, 6); k < 6; k++) fraction *= 10;
  }
  if (hour < 0 || minute < 0 || hour > 24 || minute > 59 || second > 59 || (hour === 24 && (minute > 0 || second > 0 || fraction > 0))) return undefined;
  micros += ((hour * 60 + minute) * 60 + second) * 1_000_000 + fraction;
  while (text[i] === ' ') i++;
  if (i === len) return micros;
  const zone = text[i];
  if ((zone === 'Z' || zone === 'z') && i + 1 === len) return micros;
  if (zone !== '+' && zone !== '-') return undefined;
  const zh = digits(text, i + 1, 2);
  let zm = 0;
  let end = i + 3;
  if (end < len) {
    if (text.charCodeAt(end) === 58) end++;
    zm = digits(text, end, 2);
    end += 2;
  }
  if (zh < 0 || zm < 0 || end !== len || zh > 23 || zm > 59) return undefined;
  return micros - (zone === '-' ? -1 : 1) * (zh * 60 + zm) * 60_000_000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** ISO 8601 text of an instant in UTC, with microseconds when it has any below the millisecond. */
export function formatInstant(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  const rest = micros - ms * 1000;
  return rest === 0 ? iso : `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}
