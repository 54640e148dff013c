import { CONNECTION_NAME_PATTERN, type ConnectionDto, type ConnectionTestResult } from '@closewatch/contracts/recon';
import { type FormEvent, useState } from 'react';
import { createConnection, deleteConnection, testConnection } from '../../api/connections';
import { EmptyState } from '../../components/EmptyState';
import { type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Panel } from '../../components/Panel';
import { ResourceTable } from '../../components/ResourceTable';
import { UtcTime } from '../../components/UtcTime';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useConnections } from '../../hooks/useConnections';
import { Button } from '../../components/Button';
import { Input } from '../../components/Input';
import { useConfirmDialog } from '../../components/ConfirmDialog';

/** Admins: named postgres connections; the URL is sent once and never shown again. */
export function ConnectionsPanel() {
  const { confirm, dialog } = useConfirmDialog();
  const connections = useConnections();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [tests, setTests] = useState<Record<string, ConnectionTestResult>>({});
  const { busy, error, run: act } = useBusyAction();

  function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void act('create', async () => {
      await createConnection({ name: name.trim(), kind: 'postgres', url: url.trim() });
      setName('');
      setUrl('');
      void connections.refetch();
    });
  }

  const remove = async (c: ConnectionDto) => {
    if (!(await confirm({ title: `Delete connection "${c.name}"?`, confirmLabel: 'Delete' }))) return;
    void act(c.name, async () => {
      await deleteConnection(c.name);
      void connections.refetch();
    });
  };

  const test = (c: ConnectionDto) =>
    void act(c.name, async () => {
      const result = await testConnection(c.name);
      setTests((t) => ({ ...t, [c.name]: result }));
    });

  const columns: Column<ConnectionDto>[] = [
    { header: 'Name', className: 'mono', cell: (c) => c.name },
    { header: 'Origin', className: 'small', cell: (c) => (c.origin === 'config' ? 'configuration' : 'API') },
    { header: 'Used by', className: 'small', cell: (c) => (c.usedBy.length ? c.usedBy.join(', ') : <span className="muted">—</span>) },
    { header: 'Created', className: 'small', cell: (c) => <UtcTime iso={c.createdAt} /> },
    { header: 'Test', className: 'small', cellTestId: 'connection-test-result', cell: (c) => <TestResult result={tests[c.name]} /> },
    {
      header: 'Actions',
      hiddenHeader: true,
      numeric: true,
      className: 'recon-actions',
      cell: (c) => (
        <>
          <Button size="small" onClick={() => test(c)} disabled={busy !== null} data-testid="connection-test">
            Test
          </Button>
          {c.origin === 'api' ? (
            <Button size="small" variant="danger" onClick={() => void remove(c)} disabled={busy !== null} data-testid="connection-delete">
              Delete
            </Button>
          ) : null}
        </>
      ),
    },
  ];

  return (
    <Panel title="Connections" testId="connections-panel">
      {dialog}
      <form className="panel-body recon-connection-form" onSubmit={create} aria-label="Create connection" data-testid="connection-form">
        <label className="field">
          <span>Name</span>
          <Input
            required
            pattern={CONNECTION_NAME_PATTERN.source}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="erp"
            data-testid="connection-name"
          />
        </label>
        <label className="field grow">
          <span>PostgreSQL URL (stored encrypted, never shown again)</span>
          <Input
            type="password"
            autoComplete="off"
            required
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="postgres://reader:secret@db.example.com:5432/erp"
            data-testid="connection-url"
          />
        </label>
        <Button type="submit" variant="primary" disabled={busy !== null} data-testid="connection-create">
          {busy === 'create' ? 'Saving…' : 'Add connection'}
        </Button>
      </form>
      <ErrorBanner error={error} />
      <ResourceTable
        resource={connections}
        columns={columns}
        rowKey={(c) => c.name}
        rowProps={(c) => ({ 'data-testid': 'connection-row', 'data-name': c.name })}
        testId="connections-table"
        empty={<EmptyState title="No connections">A reconciliation of PostgreSQL data names a connection added here.</EmptyState>}
      />
    </Panel>
  );
}

function TestResult({ result }: { result: ConnectionTestResult | undefined }) {
  if (!result) return <span className="muted">—</span>;
  if (!result.ok) return <span className="text-bad">{result.error}</span>;
  return (
    <span className="text-ok">
      ok in {result.latencyMs} ms{result.serverVersion ? ` (PostgreSQL ${result.serverVersion})` : ''}
    </span>
  );
}
