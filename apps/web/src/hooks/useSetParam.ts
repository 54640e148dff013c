import { useSearchParams } from 'react-router-dom';

/**
 * Sets one parameter of the page's address, replacing the history entry (filters are not steps
 * to go back through). The parameter is dropped when the value is null or equals `fallback`, the
 * page's default, so links stay short.
 */
export function useSetParam(): (key: string, value: string | null, fallback?: string) => void {
  const [, setParams] = useSearchParams();
  return (key, value, fallback) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value === null || value === fallback) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
}
