import { type ReconDto } from '@closewatch/contracts/recon';
import { queryKeys } from '../api/query-keys';
import { listRecons } from '../api/recons';
import { type CursorList, useCursorList } from './useCursorList';

const idOf = (r: ReconDto) => r.id;

/** Reconciliation definitions with last and next run, invalidated whenever a run changes status. */
export function useRecons(pageSize = 100): CursorList<ReconDto> {
  return useCursorList(queryKeys.recons.list(pageSize), (cursor, signal) => listRecons({ cursor, limit: pageSize }, signal), { idOf });
}
