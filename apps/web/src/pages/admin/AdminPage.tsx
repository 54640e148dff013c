import { IngestKeysPanel } from './IngestKeysPanel';
import { UsersPanel } from './UsersPanel';
import './admin.css';

export default function AdminPage() {
  return (
    <div className="page" data-testid="admin-page">
      <div className="page-header">
        <div>
          <h1>Admin</h1>
          <p className="muted">Who may sign in, and which integrations may send telemetry.</p>
        </div>
      </div>
      <UsersPanel />
      <IngestKeysPanel />
    </div>
  );
}
