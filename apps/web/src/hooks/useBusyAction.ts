import { useState } from 'react';
import { errorText } from '../api/api-error';

/**
 * One action at a time on a panel: `busy` names the running one (a row id, `create`), `error`
 * holds the last failure as text. `run` clears the error, runs the action and reports whether it
 * succeeded.
 */
export function useBusyAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(key: string, action: () => Promise<void>): Promise<boolean> {
    setBusy(key);
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(null);
    }
  }

  return { busy, error, setError, run };
}
