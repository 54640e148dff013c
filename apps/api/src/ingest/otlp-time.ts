/**
 * OTLP times are nanoseconds since the epoch (uint64). Closewatch keeps microseconds, the
 * precision of PostgreSQL timestamptz, as plain numbers: exact integers up to 2^53 µs (year
 * 2255), which bounds the times accepted. 0 means unset.
 */
export const MAX_MICROS = Number.MAX_SAFE_INTEGER;

/** From a decimal nanosecond string (OTLP/JSON); NaN when it is not one. */
export function microsFromNanosText(nanos: string): number {
  if (!/^\d{1,20}$/.test(nanos)) return NaN;
  return nanos.length <= 3 ? 0 : Number(nanos.slice(0, -3));
}

/** From a nanosecond number (OTLP/JSON numbers are doubles, so precision is already limited). */
export function microsFromNanosNumber(nanos: number): number {
  return Number.isFinite(nanos) && nanos >= 0 ? Math.floor(nanos / 1000) : NaN;
}

/**
 * From the two 32-bit halves of a uint64 nanosecond value, exactly and without BigInt:
 * high * 2^32 = high * 4294967 * 1000 + high * 296.
 */
export function microsFromNanosHalves(high: number, low: number): number {
  const hi = high >>> 0;
  const lo = low >>> 0;
  return hi * 4_294_967 + Math.floor((hi * 296 + lo) / 1000);
}

/** Whether a time is set and within the exact range. */
export function isUsableMicros(micros: number): boolean {
  return Number.isSafeInteger(micros) && micros > 0;
}

/** ISO-8601 UTC with microseconds (for messages and tests; rows carry the number). */
export function microsToIso(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, -1)}${String(micros % 1000).padStart(3, '0')}Z`;
}
