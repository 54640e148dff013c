import { type ExceptionDto } from '@closewatch/contracts/exceptions';
import { useState } from 'react';
import { type ExceptionFilters, listExceptions } from '../api/exceptions';
import { queryKeys } from '../api/query-keys';
import { type ExceptionChanges } from '../live/exception-changes';
import { type CursorList, useCursorList } from './useCursorList';
import { useExceptionsChanged } from './useExceptionsChanged';

export interface ExceptionQueue extends CursorList<ExceptionDto> {
  /** The last live change that refreshed the list (to mark the rows it touched). */
  lastChange: ExceptionChanges | null;
}

const idOf = (e: ExceptionDto) => e.id;

/**
 * Exceptions matching the filters, a page at a time, kept current: every `exceptions.changed`
 * invalidates the loaded pages (useLiveInvalidation), so new exceptions appear and changed ones
 * move or leave; the change itself is kept to mark the rows it touched.
 */
export function useExceptionQueue(filters: ExceptionFilters, pageSize = 50): ExceptionQueue {
  const list = useCursorList(queryKeys.exceptions.list(filters, pageSize), (cursor, signal) => listExceptions(filters, { cursor, limit: pageSize }, signal), {
    idOf,
  });
  const [lastChange, setLastChange] = useState<ExceptionChanges | null>(null);
  useExceptionsChanged(setLastChange);
  return { ...list, lastChange };
}
