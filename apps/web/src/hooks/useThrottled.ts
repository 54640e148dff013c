import { useEffect, useRef, useState } from 'react';

/**
 * `value`, changed at most once every `ms`: a change after a quiet spell shows at once, changes
 * within `ms` of the last shown one wait until then and show the latest. Unlike useDebounced it
 * never waits for the changes to stop (a value that moves every 300 ms under load still shows
 * every `ms`).
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const shownAt = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const show = () => {
      shownAt.current = Date.now();
      setShown(value);
    };
    const wait = shownAt.current + ms - Date.now();
    if (wait <= 0) return show();
    const t = setTimeout(show, wait);
    return () => clearTimeout(t);
  }, [value, shown, ms]);
  return shown;
}
