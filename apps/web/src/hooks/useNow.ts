import { useEffect, useState } from 'react';

/** The current time, refreshed every `intervalMs`, for "5m ago" labels that must keep ageing. */
export function useNow(intervalMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
