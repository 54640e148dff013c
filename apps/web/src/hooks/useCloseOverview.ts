import { type CloseCalendarDto, type CloseDeadlineDto } from '@closewatch/contracts/close';
import { previousPeriod } from '@closewatch/contracts/periods';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { getCloseWindow, listCloseCalendars } from '../api/close';
import { queryKeys } from '../api/query-keys';
import { periodIn } from '../format/close';

export interface CloseOverviewRow {
  calendar: CloseCalendarDto;
  /** This month's close in the entity's zone, and last month's. */
  current: CloseDeadlineDto;
  previous: CloseDeadlineDto;
}

/** Every calendar with its current and previous close windows. */
export function useCloseOverview(now: number): UseQueryResult<CloseOverviewRow[]> {
  // The periods change at most once a day per zone: key on the UTC day, not on every tick.
  const day = new Date(now).toISOString().slice(0, 10);
  return useQuery({
    queryKey: queryKeys.close.overview(day),
    queryFn: async ({ signal }) => {
      const page = await listCloseCalendars(signal);
      return Promise.all(
        page.items.map(async (calendar) => {
          const period = periodIn(calendar.timezone, now);
          const [current, previous] = await Promise.all([
            getCloseWindow(calendar.entity, period, signal),
            getCloseWindow(calendar.entity, previousPeriod(period), signal),
          ]);
          return { calendar, current, previous };
        }),
      );
    },
  });
}
