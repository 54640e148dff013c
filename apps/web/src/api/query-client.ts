import { QueryClient } from '@tanstack/react-query';

/**
 * The dashboard's query cache. Failures show at once with a "Try again" (no silent retries),
 * and nothing refetches on window focus: live events and the pages' own schedules keep data
 * current.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
