import {
  type ConfigDiffDto,
  type ConfigKind,
  type ConfigVersionListDto,
  type PendingChangeDto,
  type PendingChangeStatus,
} from '@closewatch/contracts/config-history';
import { type Page } from '@closewatch/contracts/pagination';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { diffConfigVersions, listConfigChanges, listConfigVersions } from '../api/config-history';
import { queryKeys } from '../api/query-keys';

/** Every version of one configuration object, newest first. */
export function useConfigVersions(kind: ConfigKind, id: string): UseQueryResult<ConfigVersionListDto> {
  return useQuery({ queryKey: queryKeys.config.versions(kind, id), queryFn: ({ signal }) => listConfigVersions(kind, id, signal), retry: false });
}

/** The field-level changes between two versions (nothing asked while `range` is null). */
export function useConfigDiff(kind: ConfigKind, id: string, range: { from: number; to: number } | null): UseQueryResult<ConfigDiffDto> {
  return useQuery({
    queryKey: queryKeys.config.diff(kind, id, range?.from ?? 0, range?.to ?? 0),
    queryFn: ({ signal }) => diffConfigVersions(kind, id, range!.from, range!.to, signal),
    enabled: range !== null,
  });
}

/** Four-eyes configuration changes of one status ('all': every one). */
export function useConfigChanges(status: PendingChangeStatus | 'all'): UseQueryResult<Page<PendingChangeDto>> {
  return useQuery({ queryKey: queryKeys.config.changes(status), queryFn: ({ signal }) => listConfigChanges(status === 'all' ? undefined : status, signal) });
}
