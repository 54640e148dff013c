/** A window the flow page measures over, and the steps of its charts. */
export interface HealthWindow {
  id: string;
  label: string;
  seconds: number;
  /** Step of the lag series (about 50–70 points). */
  lagStepSeconds: number;
  /** The hops chart reads per-minute ingest counters over at most a day, in whole minutes. */
  hopsWindowSeconds: number;
  hopsStepSeconds: number;
}

const HOUR = 3600;

export const HEALTH_WINDOWS: readonly HealthWindow[] = [
  { id: '1h', label: 'Last hour', seconds: HOUR, lagStepSeconds: 60, hopsWindowSeconds: HOUR, hopsStepSeconds: 60 },
  { id: '6h', label: 'Last 6 hours', seconds: 6 * HOUR, lagStepSeconds: 300, hopsWindowSeconds: 6 * HOUR, hopsStepSeconds: 300 },
  { id: '24h', label: 'Last 24 hours', seconds: 24 * HOUR, lagStepSeconds: 1800, hopsWindowSeconds: 24 * HOUR, hopsStepSeconds: 1800 },
  { id: '7d', label: 'Last 7 days', seconds: 7 * 24 * HOUR, lagStepSeconds: 3 * HOUR, hopsWindowSeconds: 24 * HOUR, hopsStepSeconds: 1800 },
];

/** The default matches the API's default health window (CLOSEWATCH_HEALTH_WINDOW_SECONDS, one hour). */
export const DEFAULT_HEALTH_WINDOW = HEALTH_WINDOWS[0]!;

/** The window named in the address (`?window=6h`), or the default for anything else. */
export function healthWindow(id: string | null | undefined): HealthWindow {
  return HEALTH_WINDOWS.find((w) => w.id === id) ?? DEFAULT_HEALTH_WINDOW;
}

/** A lag in seconds for chart axes and tables: `45 s`, `12.5 min`, `3.2 h`, `2.1 d`. */
export function formatLag(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < HOUR) return `${trim(seconds / 60)} min`;
  if (seconds < 24 * HOUR) return `${trim(seconds / HOUR)} h`;
  return `${trim(seconds / (24 * HOUR))} d`;
}

function trim(n: number): string {
  return n >= 10 ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, '');
}
