import { CONNECTION_NAME_PATTERN, type ConnectionDto, type ConnectionTestResult } from '@closewatch/contracts/recon';
import { type FormEvent, useState } from 'react';
import { errorText } from '../../api/api-error';
import { createConnection, deleteConnection, testConnection } from '../../api/connections';
import { ErrorBanner, Loading, Panel } from '../../components/Feedback';
import { UtcTime } from '../../components/UtcTime';
import { useConnections } from '../../hooks/useConnections';

/** Admins: named postgres connections; the URL is sent once and never shown again. */
export function ConnectionsPanel() {
  const connections = useConnections();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, ConnectionTestResult>>({});

  async function act(key: string, action: () => Promise<void>) {
    setBusy(key);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  }

  function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void act('create', async () => {
      await createConnection({ name: name.trim(), kind: 'postgres', url: url.trim() });
      setName('');
      setUrl('');
      connections.reload();
    });
  }

  const remove = (c: ConnectionDto) => {
    if (!window.confirm(`Delete connection "${c.name}"?`)) return;
    void act(c.name, async () => {
      await deleteConnection(c.name);
      connections.reload();
    });
  };

  const test = (c: ConnectionDto) =>
    void act(c.name, async () => {
      const result = await testConnection(c.name);
      setTests((t) => ({ ...t, [c.name]: result }));
    });

  return (
    <Panel title="Connections" testId="connections-panel">
      <form className="panel-body recon-connection-form" onSubmit={create} aria-label="Create connection" data-testid="connection-form">
        <label className="field">
          <span>Name</span>
          <input className="input" required pattern={CONNECTION_NAME_PATTERN.source} value={name} onChange={(e) => setName(e.target.value)} placeholder="erp" data-testid="connection-name" />
        </label>
        <label className="field grow">
          <span>PostgreSQL URL (stored encrypted, never shown again)</span>
          <input className="input" type="password" autoComplete="off" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="postgres://reader:secret@db.example.com:5432/erp" data-testid="connection-url" />
        </label>
        <button type="submit" className="button button-primary" disabled={busy !== null} data-testid="connection-create">
          {busy === 'create' ? 'Saving…' : 'Add connection'}
        </button>
      </form>
      <ErrorBanner error={error} />
      <ErrorBanner error={connections.error} onRetry={connections.reload} />
      {connections.loading && !connections.data ? <Loading /> : null}
      {connections.data ? (
        <div className="table-wrap">
          <table className="table" data-testid="connections-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Origin</th>
                <th scope="col">Used by</th>
                <th scope="col">Created</th>
                <th scope="col">Test</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {connections.data.items.map((c) => {
                const result = tests[c.name];
                return (
                  <tr key={c.name} data-testid="connection-row" data-name={c.name}>
                    <td className="mono">{c.name}</td>
                    <td className="small">{c.origin === 'config' ? 'configuration' : 'API'}</td>
                    <td className="small">{c.usedBy.length ? c.usedBy.join(', ') : <span className="muted">—</span>}</td>
                    <td className="small">
                      <UtcTime iso={c.createdAt} />
                    </td>
                    <td className="small" data-testid="connection-test-result">
                      {result ? (
                        result.ok ? (
                          <span className="text-ok">
                            ok in {result.latencyMs} ms{result.serverVersion ? ` (PostgreSQL ${result.serverVersion})` : ''}
                          </span>
                        ) : (
                          <span className="text-bad">{result.error}</span>
                        )
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="num recon-actions">
                      <button type="button" className="button button-small" onClick={() => test(c)} disabled={busy !== null} data-testid="connection-test">
                        Test
                      </button>
                      {c.origin === 'api' ? (
                        <button type="button" className="button button-small button-danger" onClick={() => remove(c)} disabled={busy !== null} data-testid="connection-delete">
                          Delete
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
}
