import { type AlertNotificationsChangedEvent } from '@closewatch/contracts/alerts';
import { useLiveEvent } from './useLiveEvent';

/**
 * Subscribes to `alerts.notifications` (notifications queued, delivered, retried or failed).
 * `onChange` gets the event, or null when the stream (re)connects (anything may have changed).
 */
export function useAlertNotificationsChanged(onChange: (event: AlertNotificationsChangedEvent | null) => void): void {
  useLiveEvent('alerts.notifications', onChange);
}
