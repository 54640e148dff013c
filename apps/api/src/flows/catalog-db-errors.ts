import { ApiError, ApiErrorCode } from '../common/api-error';

interface PgErrorFields {
  code?: string;
  constraint?: string;
  table?: string;
  detail?: string;
}

const FLOW_SYSTEM_FKS: Record<string, string> = {
  flows_source_system_fk: 'sourceSystem',
  flows_target_system_fk: 'targetSystem',
};

/**
 * PostgreSQL refusals of a catalog write as API errors: the constraints are the backstop for
 * races between replicas and for rows other features keep pointing at a flow or system.
 * Answers undefined for anything else (a real server error).
 */
export function catalogDbError(err: unknown): ApiError | undefined {
  const e = ((err as { driverError?: PgErrorFields } | undefined)?.driverError ?? err) as PgErrorFields | undefined;
  if (!e || typeof e !== 'object') return undefined;
  if (e.code === '23505') return new ApiError(ApiErrorCode.Conflict, 'id already exists', [{ field: 'id', message: 'is taken' }]);
  if (e.code === '23503') {
    const field = e.constraint ? FLOW_SYSTEM_FKS[e.constraint] : undefined;
    // Inserting or updating a flow whose system vanished in between.
    if (field && e.table === 'flows' && !/still referenced/.test(e.detail ?? '')) return ApiError.field(field, 'names a system that does not exist');
    const table = e.table ? ` by ${e.table}` : '';
    return new ApiError(ApiErrorCode.Conflict, `still referenced${table}: ${e.detail ?? 'delete or change the referencing rows first'}`, [
      { field: 'id', message: `is still referenced${table}` },
    ]);
  }
  return undefined;
}
