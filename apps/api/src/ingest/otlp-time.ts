const NANOS_PER_MICRO = 1000n;
const MICROS_PER_MILLI = 1000n;
/** 9999-12-31T23:59:59.999999Z in nanoseconds: the last instant an ISO string can say. */
const MAX_NANOS = 253_402_300_799_999_999_999n;

/**
 * An OTLP time (nanoseconds since the epoch) as an ISO-8601 UTC string with microseconds, the
 * precision of PostgreSQL timestamptz; undefined for 0 (unset) or a time past year 9999.
 */
export function nanosToIso(nanos: bigint): string | undefined {
  if (nanos <= 0n || nanos > MAX_NANOS) return undefined;
  const micros = nanos / NANOS_PER_MICRO;
  const millis = Number(micros / MICROS_PER_MILLI);
  const extra = Number(micros % MICROS_PER_MILLI);
  const iso = new Date(millis).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, -1)}${String(extra).padStart(3, '0')}Z`;
}

/** Milliseconds since the epoch, for Date values (hop times). */
export function nanosToMillis(nanos: bigint): number {
  return Number(nanos / 1_000_000n);
}
