import { type DataSource, type EntityManager } from 'typeorm';
import { catalogDbError } from './catalog-db-errors';
import { lockCatalog } from './catalog-store';
import { type CatalogService } from './catalog.service';

/**
 * Runs one catalog change: a transaction holding the catalog lock, PostgreSQL refusals turned
 * into API errors, and the read cache dropped once the change is committed.
 */
export async function catalogTransaction<T>(
  dataSource: DataSource,
  catalog: CatalogService,
  work: (m: EntityManager) => Promise<T>,
  options: { writes: boolean } = { writes: true },
): Promise<T> {
  let result: T;
  try {
    result = await dataSource.transaction(async (m) => {
      await lockCatalog(m);
      return work(m);
    });
  } catch (err) {
    throw catalogDbError(err) ?? err;
  }
  if (options.writes) catalog.invalidate();
  return result;
}
