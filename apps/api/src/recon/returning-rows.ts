/**
 * The rows of an UPDATE or DELETE … RETURNING run through TypeORM's `query()`, which answers
 * them on PostgreSQL as `[rows, affected count]` (INSERT and SELECT answer the rows themselves).
 */
export function returningRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result) as T[];
}
