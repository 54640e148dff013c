import { type ExceptionDto } from '@closewatch/contracts/exceptions';
import { useState } from 'react';
import { type ExceptionFilters, listExceptions } from '../api/exceptions';
import { type ExceptionChanges } from '../live/exception-changes';
import { useExceptionsChanged } from './useExceptionsChanged';
import { type LivePagedList, useLivePagedList } from './useLivePagedList';

export interface ExceptionQueue extends LivePagedList<ExceptionDto> {
  /** The last live change that refreshed the list (to mark the rows it touched). */
  lastChange: ExceptionChanges | null;
}

const idOf = (e: ExceptionDto) => e.id;

/**
 * Exceptions matching the filters, a page at a time, kept current: every `exceptions.changed`
 * refetches what is loaded, so new exceptions appear and changed ones move or leave.
 */
export function useExceptionQueue(filters: ExceptionFilters, pageSize = 50): ExceptionQueue {
  const list = useLivePagedList(JSON.stringify(filters), pageSize, (page, signal) => listExceptions(filters, page, signal), idOf);
  const [lastChange, setLastChange] = useState<ExceptionChanges | null>(null);
  useExceptionsChanged((changes) => {
    setLastChange(changes);
    list.refresh();
  });
  return { ...list, lastChange };
}
