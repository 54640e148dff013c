import { type DataSource, type EntityManager } from 'typeorm';

/** PostgreSQL errors after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40P01' /* deadlock_detected */, '40001' /* serialization_failure */]);

export function isRetryableDbError(err: unknown): boolean {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.code ?? e?.driverError?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Runs `work` in one transaction, again from the start (a few times, after a short random pause)
 * when PostgreSQL aborted it as a deadlock victim or for a serialization failure. Locks are
 * taken in a fixed order everywhere, so this is a safety net, not the normal path.
 */
export async function inTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isRetryableDbError(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}
