import { type IncidentDto } from '@closewatch/contracts/exceptions';
import { type IncidentFilters, listIncidents } from '../api/incidents';
import { useExceptionsChanged } from './useExceptionsChanged';
import { type LivePagedList, useLivePagedList } from './useLivePagedList';

const idOf = (i: IncidentDto) => i.id;

/** Incidents, most recently active first, kept current by `exceptions.changed`. */
export function useIncidents(filters: IncidentFilters, pageSize = 50): LivePagedList<IncidentDto> {
  const list = useLivePagedList(JSON.stringify(filters), pageSize, (page, signal) => listIncidents(filters, page, signal), idOf);
  useExceptionsChanged((changes) => {
    if (changes.resync || changes.incidentIds.length) list.refresh();
  });
  return list;
}
