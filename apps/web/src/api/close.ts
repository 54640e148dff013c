import { type CloseCalendarDto, type CloseDeadlineDto, type FxRateDto, type FxRatesDocumentDto } from '@closewatch/contracts/close';
import { type Page } from '@closewatch/contracts/pagination';
import { apiFetch } from './client';

export function listCloseCalendars(signal?: AbortSignal): Promise<Page<CloseCalendarDto>> {
  return apiFetch<Page<CloseCalendarDto>>('/api/v1/close-calendars', { query: { limit: 1000 }, signal });
}

/** The entity's close window of `period`. */
export function getCloseWindow(entity: string, period: string, signal?: AbortSignal): Promise<CloseDeadlineDto> {
  return apiFetch<CloseDeadlineDto>(`/api/v1/close-calendars/${encodeURIComponent(entity)}`, { query: { period }, signal });
}

/** Creates or replaces the entity's calendar; `body` is the calendar without its entity. */
export function putCloseCalendar(entity: string, body: unknown): Promise<CloseCalendarDto> {
  return apiFetch<CloseCalendarDto>(`/api/v1/close-calendars/${encodeURIComponent(entity)}`, { method: 'PUT', body });
}

export function deleteCloseCalendar(entity: string): Promise<void> {
  return apiFetch<void>(`/api/v1/close-calendars/${encodeURIComponent(entity)}`, { method: 'DELETE' });
}

export function listFxRates(query: { date?: string; base?: string; limit?: number }, signal?: AbortSignal): Promise<Page<FxRateDto>> {
  return apiFetch<Page<FxRateDto>>('/api/v1/fx-rates', { query, signal });
}

export function putFxRates(doc: unknown): Promise<FxRatesDocumentDto> {
  return apiFetch<FxRatesDocumentDto>('/api/v1/fx-rates', { method: 'PUT', body: doc });
}
