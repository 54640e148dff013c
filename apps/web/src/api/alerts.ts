import { type PendingChangeDto } from '@closewatch/contracts/config-history';
import {
  type AlertNotificationDetailDto,
  type AlertNotificationDto,
  type ReceiverBody,
  type ReceiverDto,
  type ReceiverTestResult,
  type RouteDryRunDto,
  type RouteDto,
  type RouteInput,
  type SilenceBody,
  type SilenceDto,
} from '@closewatch/contracts/alerts';
import { type Page } from '@closewatch/contracts/pagination';
import { apiFetch } from './client';

/** Alerts to on-call: receivers, routes, silences and the delivery log (docs/alerts.md). */

const receiverPath = (name: string) => `/api/v1/alert-receivers/${encodeURIComponent(name)}`;
const routePath = (name: string) => `/api/v1/alert-routes/${encodeURIComponent(name)}`;

export function listReceivers(signal?: AbortSignal): Promise<Page<ReceiverDto>> {
  return apiFetch<Page<ReceiverDto>>('/api/v1/alert-receivers', { query: { limit: 200 }, signal });
}

/** URL, routing key and secret go in once; answers show them masked. */
export function createReceiver(body: ReceiverBody): Promise<ReceiverDto> {
  return apiFetch<ReceiverDto>('/api/v1/alert-receivers', { method: 'POST', body });
}

export function deleteReceiver(name: string): Promise<void> {
  return apiFetch<void>(receiverPath(name), { method: 'DELETE' });
}

export function testReceiver(name: string): Promise<ReceiverTestResult> {
  return apiFetch<ReceiverTestResult>(`${receiverPath(name)}/test`, { method: 'POST' });
}

export function listRoutes(signal?: AbortSignal): Promise<Page<RouteDto>> {
  return apiFetch<Page<RouteDto>>('/api/v1/alert-routes', { query: { limit: 200 }, signal });
}

/** With four-eyes on (CLOSEWATCH_CONFIG_APPROVAL), route changes answer the pending change instead. */
export function createRoute(body: RouteInput): Promise<RouteDto | PendingChangeDto> {
  return apiFetch<RouteDto | PendingChangeDto>('/api/v1/alert-routes', { method: 'POST', body });
}

export function deleteRoute(name: string): Promise<PendingChangeDto | undefined> {
  return apiFetch<PendingChangeDto | undefined>(routePath(name), { method: 'DELETE' });
}

export function dryRunRoutes(incidentId: string): Promise<RouteDryRunDto> {
  return apiFetch<RouteDryRunDto>('/api/v1/alert-routes/dry-run', { query: { incidentId } });
}

export function listSilences(state: string | undefined, signal?: AbortSignal): Promise<Page<SilenceDto>> {
  return apiFetch<Page<SilenceDto>>('/api/v1/silences', { query: { state, limit: 200 }, signal });
}

export function createSilence(body: SilenceBody): Promise<SilenceDto> {
  return apiFetch<SilenceDto>('/api/v1/silences', { method: 'POST', body });
}

/** Expires the silence now (it is kept). */
export function expireSilence(id: string): Promise<SilenceDto> {
  return apiFetch<SilenceDto>(`/api/v1/silences/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export interface NotificationFilters {
  incidentId?: string;
  receiver?: string;
  /** One status or several, comma-separated. */
  status?: string;
}

export function listNotifications(filters: NotificationFilters, limit: number, signal?: AbortSignal): Promise<Page<AlertNotificationDto>> {
  return apiFetch<Page<AlertNotificationDto>>('/api/v1/alert-notifications', { query: { ...filters, limit }, signal });
}

/** One notification with its attempt log. */
export function getNotification(id: string, signal?: AbortSignal): Promise<AlertNotificationDetailDto> {
  return apiFetch<AlertNotificationDetailDto>(`/api/v1/alert-notifications/${encodeURIComponent(id)}`, { signal });
}
