import { type DataSourceOptions } from 'typeorm';
import { join } from 'node:path';

/**
 * TypeORM options shared by the app, the migration CLI and the tests. Schema changes only come
 * from migrations: `synchronize` is off everywhere (docs/architecture.md).
 */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'typeorm_migrations',
    entities: [],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    extra: { max: poolSize, application_name: 'closewatch' },
    logging: ['error'],
  };
}
