import { type Client } from 'pg';
import { type DataSource, type EntityManager } from 'typeorm';

/**
 * Runs `work` in a repeatable-read, read-only transaction on one pooled connection, handing it
 * both the entity manager and the driver's client of that connection (for COPY streaming,
 * copy-line-batches.ts): every statement sees one state of the database, however long an
 * export or a verify streams. Commits at the end, rolls back on error; the connection goes back
 * to the pool either way.
 */
export async function inReadSnapshot<T>(ds: DataSource, work: (m: EntityManager, client: Client) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  const client = (await runner.connect()) as Client;
  try {
    await runner.startTransaction('REPEATABLE READ');
    await runner.query('set transaction read only');
    const result = await work(runner.manager, client);
    await runner.commitTransaction();
    return result;
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw err;
  } finally {
    await runner.release();
  }
}
