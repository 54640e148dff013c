import { type AgingResponse } from '@closewatch/contracts/exceptions';
import { type ExceptionFilters, getExceptionAging } from '../api/exceptions';
import { type ApiState, useApi } from './useApi';
import { useExceptionsChanged } from './useExceptionsChanged';

/** Unresolved exceptions by age bucket and severity for the filters; refetched on every change. */
export function useExceptionAging(filters: ExceptionFilters): ApiState<AgingResponse> {
  const state = useApi(`aging:${JSON.stringify(filters)}`, (signal) => getExceptionAging(filters, signal));
  useExceptionsChanged(() => state.reload());
  return state;
}
