import { ALERT_ACTING_ROLES } from '@closewatch/contracts/alerts';
import { type IncidentDetailDto } from '@closewatch/contracts/exceptions';
import { useQueryClient } from '@tanstack/react-query';
import { acknowledgeIncident } from '../../api/incidents';
import { queryKeys } from '../../api/query-keys';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { useAlertNotifications } from '../../hooks/useAlerts';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useSession } from '../../hooks/useSession';
import { NotificationsTable } from '../alerts/NotificationsTable';

/** Acknowledges an open incident (its open exceptions, and so its pages); for admin, it_ops and finance_ops. */
export function AcknowledgeIncidentButton({ incident }: { incident: IncidentDetailDto }) {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const { busy, error, run } = useBusyAction();
  const mayAct = user ? (ALERT_ACTING_ROLES as readonly string[]).includes(user.role) : false;
  if (!mayAct || incident.status !== 'open') return null;
  const acknowledge = () =>
    void run('ack', async () => {
      const updated = await acknowledgeIncident(incident.id);
      queryClient.setQueryData(queryKeys.incidents.detail(incident.id), updated);
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.exceptions.all });
      void queryClient.invalidateQueries({ queryKey: [...queryKeys.alerts.all, 'notifications'] });
    });
  return (
    <>
      <Button variant="primary" onClick={acknowledge} disabled={busy !== null} data-testid="incident-acknowledge">
        {busy ? 'Acknowledging…' : 'Acknowledge'}
      </Button>
      <ErrorBanner error={error} />
    </>
  );
}

/** The incident's notifications to on-call: what was sent to whom, and how delivery went. */
export function IncidentNotificationsPanel({ incidentId }: { incidentId: string }) {
  const log = useAlertNotifications({ incidentId });
  return (
    <Panel title="Notifications" testId="incident-notifications">
      <ErrorBanner error={log.error} onRetry={() => void log.refetch()} />
      {log.isLoading ? <Loading /> : null}
      {log.data ? <NotificationsTable rows={log.data.items} showIncident={false} /> : null}
    </Panel>
  );
}
