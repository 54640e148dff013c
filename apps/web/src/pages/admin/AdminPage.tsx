import { IngestKeysPanel } from './IngestKeysPanel';
import { PendingChangesPanel } from './PendingChangesPanel';
import { UsersPanel } from './UsersPanel';
import './admin.css';

export default function AdminPage() {
  return (
    <div className="page" data-testid="admin-page">
      <div className="page-header">
        <div>
          <h1>Admin</h1>
          <p className="muted">Who may sign in, which integrations may send telemetry, and configuration changes waiting for a second admin.</p>
        </div>
      </div>
      <UsersPanel />
      <IngestKeysPanel />
      <PendingChangesPanel />
    </div>
  );
}
