import { NOTIFICATION_STATUSES } from '@closewatch/contracts/alerts';
import { useState } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FilterSelect, humanOptions } from '../../components/FilterSelect';
import { Input } from '../../components/Input';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { useAlertNotifications } from '../../hooks/useAlerts';
import { NotificationsTable } from './NotificationsTable';

/** The delivery log of every incident: opens on pending and failed deliveries (what needs a look); live events keep it current. */
export function DeliveryLogPanel() {
  const [status, setStatus] = useState('pending,failed');
  const [receiver, setReceiver] = useState('');
  const log = useAlertNotifications({ status: status === 'all' ? undefined : status, receiver: receiver.trim() || undefined });
  return (
    <Panel title="Delivery log" testId="delivery-log-panel">
      <div className="toolbar" role="search">
        <FilterSelect
          label="Status"
          value={status}
          onChange={setStatus}
          options={[{ value: 'all', label: 'All' }, { value: 'pending,failed', label: 'Pending or failed' }, ...humanOptions(NOTIFICATION_STATUSES)]}
          testId="delivery-log-status"
        />
        <label className="field">
          <span>Receiver</span>
          <Input value={receiver} onChange={(e) => setReceiver(e.target.value)} placeholder="any" data-testid="delivery-log-receiver" />
        </label>
      </div>
      <ErrorBanner error={log.error} onRetry={() => void log.refetch()} />
      {log.isLoading ? <Loading /> : null}
      {log.data ? <NotificationsTable rows={log.data.items} /> : null}
    </Panel>
  );
}
