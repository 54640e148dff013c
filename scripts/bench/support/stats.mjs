// Latency statistics of a series of timings (milliseconds).

/** p50, p95, p99 (nearest rank) and max. */
export function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return { p50: pct(50), p95: pct(95), p99: pct(99), max: sorted.at(-1) ?? 0 };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2 : 0;
}
