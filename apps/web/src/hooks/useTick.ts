import { useEffect, useState } from 'react';

/** A counter that goes up every `intervalMs`; put it in a query key to refresh the query on a schedule. */
export function useTick(intervalMs: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return tick;
}
