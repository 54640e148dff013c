import { type IncidentDto } from '@closewatch/contracts/exceptions';
import { type IncidentFilters, listIncidents } from '../api/incidents';
import { queryKeys } from '../api/query-keys';
import { type CursorList, useCursorList } from './useCursorList';

const idOf = (i: IncidentDto) => i.id;

/** Incidents, most recently active first, invalidated by `exceptions.changed` that name an incident. */
export function useIncidents(filters: IncidentFilters, pageSize = 50): CursorList<IncidentDto> {
  return useCursorList(queryKeys.incidents.list(filters, pageSize), (cursor, signal) => listIncidents(filters, { cursor, limit: pageSize }, signal), { idOf });
}
