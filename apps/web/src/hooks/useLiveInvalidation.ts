import { type InvalidateQueryFilters, useQueryClient } from '@tanstack/react-query';
import {
  alertNotificationTargets,
  exceptionChangeTargets,
  flowHealthTargets,
  readinessTargets,
  reconRunTargets,
  replayTargets,
} from '../live/query-invalidation';
import { useAlertNotificationsChanged } from './useAlertNotificationsChanged';
import { useReplaysChanged } from './useReplays';
import { useExceptionsChanged } from './useExceptionsChanged';
import { useFlowHealthChanged } from './useFlowHealthChanged';
import { useReadinessChanged } from './useReadinessChanged';
import { useReconEvents } from './useReconEvents';

/**
 * Turns live events into query invalidations, once for the whole app: the queries on screen
 * refetch (keeping their data until the answer arrives), the others are marked stale.
 */
export function useLiveInvalidation(): void {
  const client = useQueryClient();
  const invalidate = (targets: InvalidateQueryFilters[]) => {
    for (const t of targets) void client.invalidateQueries(t);
  };
  useExceptionsChanged((changes) => invalidate(exceptionChangeTargets(changes)));
  useReconEvents({ onRun: (event) => invalidate(reconRunTargets(event)) });
  useFlowHealthChanged((event) => invalidate(flowHealthTargets(event)));
  useReadinessChanged(() => invalidate(readinessTargets()));
  useAlertNotificationsChanged((event) => invalidate(alertNotificationTargets(event)));
  useReplaysChanged(() => invalidate(replayTargets()));
}
