import { type Page } from '@closewatch/contracts/pagination';
import { type IncidentReplayPreviewDto, type ReplayRequestDto, type ReplaysChangedEvent, type ReplaySeriesResponse } from '@closewatch/contracts/replays';
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { getIncidentReplayPreview, getReplaySeries, listReplays, type ReplayFilters, type ReplaySeriesRequest } from '../api/replays';
import { queryKeys } from '../api/query-keys';
import { type CursorList, useCursorList } from './useCursorList';
import { useLiveEvent } from './useLiveEvent';

/** Replays move in the background (the middleware, the record's hops): polled quickly while one waits, slowly otherwise. */
const WAITING_POLL_MS = 2000;
const IDLE_POLL_MS = 15000;

export function useReplayRequests(filters: ReplayFilters, limit = 50): UseQueryResult<Page<ReplayRequestDto>> {
  return useQuery({
    queryKey: queryKeys.replays.list(filters, limit),
    queryFn: ({ signal }) => listReplays(filters, limit, signal),
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'requested' || r.status === 'sent') ? WAITING_POLL_MS : IDLE_POLL_MS),
  });
}

/** What the incident's Replay covers now; refetched with every change to replay requests, and polled (its failures come and go). */
export function useIncidentReplayPreview(incidentId: string, enabled: boolean): UseQueryResult<IncidentReplayPreviewDto> {
  return useQuery({
    queryKey: queryKeys.replays.preview(incidentId),
    queryFn: ({ signal }) => getIncidentReplayPreview(incidentId, signal),
    refetchInterval: IDLE_POLL_MS,
    enabled,
  });
}

/** Replay success per step over the window; refetched every minute, and with every change to replay requests (they share the key). */
export function useReplaySeries(req: ReplaySeriesRequest): UseQueryResult<ReplaySeriesResponse> {
  return useQuery({
    queryKey: queryKeys.replays.series(req),
    queryFn: ({ signal }) => getReplaySeries(req, signal),
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

/** Replay requests newest first, page by page ("load more"); kept current by `replays.changed`. */
export function useReplayList(filters: ReplayFilters, pageSize = 50): CursorList<ReplayRequestDto> {
  return useCursorList(queryKeys.replays.pages(filters, pageSize), (cursor, signal) => listReplays(filters, pageSize, signal, cursor), { idOf: (r) => r.id });
}

/** Subscribes to `replays.changed`; `onChange` gets each event, or null when the stream (re)connects. */
export function useReplaysChanged(onChange: (event: ReplaysChangedEvent | null) => void): void {
  useLiveEvent('replays.changed', onChange);
}
