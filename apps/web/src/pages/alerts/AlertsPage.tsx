import { ALERT_ACTING_ROLES } from '@closewatch/contracts/alerts';
import { useSession } from '../../hooks/useSession';
import { DeliveryLogPanel } from './DeliveryLogPanel';
import { ReceiversPanel } from './ReceiversPanel';
import { RoutesPanel } from './RoutesPanel';
import { SilencesPanel } from './SilencesPanel';
import './alerts.css';

export default function AlertsPage() {
  const { user } = useSession();
  const isAdmin = user?.role === 'admin';
  const canAct = user ? (ALERT_ACTING_ROLES as readonly string[]).includes(user.role) : false;
  return (
    <div className="page" data-testid="alerts-page">
      <div className="page-header">
        <div>
          <h1>Alerts</h1>
          <p className="muted">Who on-call is told about which incidents, through which receivers, what is muted, and what was delivered.</p>
        </div>
      </div>
      <RoutesPanel isAdmin={isAdmin} />
      <ReceiversPanel isAdmin={isAdmin} />
      <SilencesPanel canAct={canAct} />
      <DeliveryLogPanel />
    </div>
  );
}
