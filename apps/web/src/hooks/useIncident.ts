import { type IncidentDetailDto } from '@closewatch/contracts/exceptions';
import { getIncident } from '../api/incidents';
import { changesTouch } from '../live/exception-changes';
import { type ApiState, useApi } from './useApi';
import { useExceptionsChanged } from './useExceptionsChanged';

/** One incident with its exceptions; refetched when it or one of them changes. */
export function useIncident(id: string): ApiState<IncidentDetailDto> {
  const state = useApi(`incident:${id}`, (signal) => getIncident(id, signal));
  useExceptionsChanged((changes) => {
    const mine = state.data?.exceptions.some((e) => changes.exceptionIds.includes(e.id)) ?? false;
    if (mine || changesTouch(changes, { incidentId: id })) state.reload();
  });
  return state;
}
