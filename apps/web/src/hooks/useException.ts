import { type ExceptionDetailDto } from '@closewatch/contracts/exceptions';
import { getException } from '../api/exceptions';
import { changesTouch } from '../live/exception-changes';
import { type ApiState, useApi } from './useApi';
import { useExceptionsChanged } from './useExceptionsChanged';

/** One exception with its history and comments; refetched whenever it changes (nothing without an id). */
export function useException(id: string | null): ApiState<ExceptionDetailDto> {
  const state = useApi(id ? `exception:${id}` : null, (signal) => getException(id ?? '', signal));
  useExceptionsChanged((changes) => {
    if (id && changesTouch(changes, { exceptionId: id })) state.reload();
  });
  return state;
}
