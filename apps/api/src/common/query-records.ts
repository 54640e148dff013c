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

/**
 * The rows of a result of TypeORM's `query()` outside a transaction: on PostgreSQL it returns
 * UPDATE and DELETE … RETURNING as `[rows, affected count]`, INSERT and SELECT as the rows.
 */
export function returnedRows<T>(result: unknown): T[] {
  const counted = Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
  return (counted ? result[0] : result) as T[];
}
