import { type EntityManager } from 'typeorm';

/**
 * The rows a statement returns, whatever its kind (TypeORM returns UPDATE and DELETE …
 * RETURNING as `[rows, count]` otherwise). Runs on the EntityManager of an open transaction.
 */
export async function queryRecords<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  if (!m.queryRunner) throw new Error('queryRecords must run inside a transaction');
  const result = await m.queryRunner.query(sql, params, true);
  return (result.records ?? []) as T[];
}
