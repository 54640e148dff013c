import { useSocket } from '../hooks/useSocket';

const LABEL = { live: 'Live', connecting: 'Connecting…', offline: 'Offline' } as const;

/** Whether the live stream is connected; the reason when it is not. */
export function ConnectionIndicator() {
  const { status, error } = useSocket();
  return (
    <span
      className={`connection connection-${status}`}
      data-testid="connection-indicator"
      data-status={status}
      title={error ?? 'Live updates are streaming'}
      role="status"
    >
      <span className="dot" aria-hidden="true" />
      {LABEL[status]}
    </span>
  );
}
