import { type AuditCheckpointDto, type AuditEntryDto } from '@closewatch/contracts/audit';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { type AuditFilters, listAudit, listAuditCheckpoints } from '../api/audit';
import { queryKeys } from '../api/query-keys';
import { type CursorList, useCursorList } from './useCursorList';

const PAGE = 50;
const idOf = (e: AuditEntryDto) => String(e.id);

/** Audit entries matching the filters, newest first, a keyset page at a time. */
export function useAuditLog(filters: AuditFilters): CursorList<AuditEntryDto> {
  return useCursorList(queryKeys.audit.list(filters, PAGE), (cursor, signal) => listAudit(filters, cursor, PAGE, signal), { idOf });
}

/** The newest signed checkpoint (undefined while loading, null when none is signed yet). */
export function useLastAuditCheckpoint(): UseQueryResult<AuditCheckpointDto | null> {
  return useQuery({
    queryKey: queryKeys.audit.lastCheckpoint(),
    queryFn: async ({ signal }) => (await listAuditCheckpoints(1, signal)).items[0] ?? null,
  });
}
