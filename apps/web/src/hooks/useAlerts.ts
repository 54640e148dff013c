import { type AlertNotificationDetailDto, type AlertNotificationDto, type ReceiverDto, type RouteDto, type SilenceDto } from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { getNotification, listNotifications, listReceivers, listRoutes, listSilences, type NotificationFilters } from '../api/alerts';
import { queryKeys } from '../api/query-keys';

export function useAlertReceivers(): UseQueryResult<Page<ReceiverDto>> {
  return useQuery({ queryKey: queryKeys.alerts.receivers(), queryFn: ({ signal }) => listReceivers(signal) });
}

export function useAlertRoutes(): UseQueryResult<Page<RouteDto>> {
  return useQuery({ queryKey: queryKeys.alerts.routes(), queryFn: ({ signal }) => listRoutes(signal) });
}

export function useSilences(state: string): UseQueryResult<Page<SilenceDto>> {
  return useQuery({ queryKey: queryKeys.alerts.silences(state), queryFn: ({ signal }) => listSilences(state === 'all' ? undefined : state, signal) });
}

export function useAlertNotifications(filters: NotificationFilters, limit = 100): UseQueryResult<Page<AlertNotificationDto>> {
  return useQuery({
    queryKey: queryKeys.alerts.notifications(filters, limit),
    queryFn: ({ signal }) => listNotifications(filters, limit, signal),
  });
}

/** One notification's attempt log (fetched while it is shown; `alerts.notifications` refreshes it). */
export function useAlertNotification(id: string): UseQueryResult<AlertNotificationDetailDto> {
  return useQuery({ queryKey: queryKeys.alerts.notification(id), queryFn: ({ signal }) => getNotification(id, signal) });
}
