import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/**
 * For the TypeORM CLI only (`npx typeorm -d apps/api/dist/database/data-source.js migration:generate`):
 * points at DATABASE_URL.
 */
export default new DataSource({
  ...dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://localhost/closewatch'),
  entities: [join(__dirname, '..', '**', '*.entity.js')],
});
