import { type CreatedIngestKey, DEFAULT_INGEST_KEY_SCOPES, INGEST_KEY_SCOPES, type IngestKeyDto, type IngestScope } from '@closewatch/contracts/ingest-keys';
import { type FormEvent, useState } from 'react';
import { createIngestKey, revokeIngestKey } from '../../api/ingest-keys';
import { EmptyState } from '../../components/EmptyState';
import { type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Panel } from '../../components/Panel';
import { ResourceTable } from '../../components/ResourceTable';
import { UtcTime } from '../../components/UtcTime';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useIngestKeys } from '../../hooks/useIngestKeys';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Input } from '../../components/Input';
import { useConfirmDialog } from '../../components/ConfirmDialog';

export function IngestKeysPanel() {
  const { confirm, dialog } = useConfirmDialog();
  const keys = useIngestKeys();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<IngestScope[]>([...DEFAULT_INGEST_KEY_SCOPES]);
  const [flows, setFlows] = useState('');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<CreatedIngestKey | null>(null);
  const [copied, setCopied] = useState(false);
  const { busy, error, setError, run } = useBusyAction();

  function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setCopied(false);
    void run('create', async () => {
      const flowList = flowIds(flows);
      setCreated(
        await createIngestKey({
          name: name.trim(),
          scopes,
          flows: flowList.length ? flowList : null,
          // The dashboard shows times in UTC, so the picked time is read as UTC.
          expiresAt: expires ? `${expires}:00Z` : null,
        }),
      );
      setName('');
      setFlows('');
      setExpires('');
      void keys.refetch();
    });
  }

  async function revoke(k: IngestKeyDto) {
    if (!(await confirm({ title: `Revoke ingest key "${k.name}"?`, text: 'Integrations using it will be refused at once.', confirmLabel: 'Revoke' }))) return;
    void run(k.id, async () => {
      await revokeIngestKey(k.id);
      void keys.refetch();
    });
  }

  async function copy(secret: string) {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setError('Copying was refused by the browser; select the key and copy it by hand.');
    }
  }

  const columns: Column<IngestKeyDto>[] = [
    { header: 'Name', cell: (k) => <strong>{k.name}</strong> },
    { header: 'Prefix', className: 'mono', cell: (k) => `${k.prefix}…` },
    {
      header: 'Scopes',
      cell: (k) =>
        k.scopes.map((s) => (
          <span key={s} className="chip">
            {s}
          </span>
        )),
    },
    {
      header: 'Flows',
      cell: (k) =>
        k.flows ? (
          k.flows.map((f) => (
            <span key={f} className="chip mono">
              {f}
            </span>
          ))
        ) : (
          <span className="muted">all flows</span>
        ),
    },
    { header: 'Expires', cell: (k) => (k.expiresAt ? <UtcTime iso={k.expiresAt} /> : <span className="muted">never</span>) },
    { header: 'Created', cell: (k) => <UtcTime iso={k.createdAt} /> },
    { header: 'Last used', cell: (k) => (k.lastUsedAt ? <UtcTime iso={k.lastUsedAt} /> : <span className="muted">never</span>) },
    {
      header: 'Status',
      cell: (k) =>
        k.revokedAt ? (
          <Badge tone="bad" title={`revoked ${k.revokedAt}`}>
            revoked
          </Badge>
        ) : k.expiresAt && Date.parse(k.expiresAt) <= Date.now() ? (
          <Badge tone="bad" title={`expired ${k.expiresAt}`}>
            expired
          </Badge>
        ) : (
          <Badge tone="ok">active</Badge>
        ),
    },
    {
      header: 'Actions',
      hiddenHeader: true,
      numeric: true,
      cell: (k) =>
        k.revokedAt ? null : (
          <Button size="small" variant="danger" onClick={() => void revoke(k)} disabled={busy !== null} data-testid="revoke-key">
            Revoke
          </Button>
        ),
    },
  ];

  const toggle = (s: IngestScope) => setScopes((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));

  return (
    <Panel title="Ingest keys" testId="ingest-keys-panel">
      {dialog}
      <form className="panel-body admin-form" onSubmit={create} aria-label="Create ingest key" data-testid="create-key-form">
        <div className="form-row">
          <label className="field">
            <span>Name</span>
            <Input required value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. MuleSoft production" data-testid="new-key-name" />
          </label>
          <fieldset className="field checks-field">
            <legend>Scopes</legend>
            <div className="checks">
              {INGEST_KEY_SCOPES.map((s) => (
                <label key={s}>
                  <input type="checkbox" checked={scopes.includes(s)} onChange={() => toggle(s)} data-testid={`new-key-scope-${s}`} />
                  {s}
                </label>
              ))}
            </div>
          </fieldset>
          <label className="field">
            <span>Flows</span>
            <Input
              value={flows}
              onChange={(e) => setFlows(e.target.value)}
              placeholder="all flows, or e.g. coupa-to-oracle-invoices"
              title="Flow ids separated by commas or spaces; leave empty to allow every flow"
              data-testid="new-key-flows"
            />
          </label>
          <label className="field">
            <span>Expires (UTC)</span>
            <Input
              type="datetime-local"
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
              title="Leave empty for a key that never expires"
              data-testid="new-key-expires"
            />
          </label>
          <Button type="submit" variant="primary" disabled={busy !== null || scopes.length === 0} data-testid="create-key">
            {busy === 'create' ? 'Creating…' : 'Create key'}
          </Button>
        </div>
        {error ? <ErrorBanner error={error} /> : null}
        {created ? (
          <div className="secret-once" role="status" data-testid="new-key-secret-box">
            <div>
              <strong>Key “{created.key.name}” created.</strong> Copy the secret now: it is shown once and cannot be shown again.
            </div>
            <div className="secret-row">
              <code className="secret" data-testid="new-key-secret">
                {created.secret}
              </code>
              <Button size="small" onClick={() => void copy(created.secret)}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
              <Button size="small" onClick={() => setCreated(null)}>
                Done
              </Button>
            </div>
            <div className="small muted">
              Send it as <code>Authorization: Bearer &lt;key&gt;</code> to <code>/v1/traces</code>, <code>/api/v1/events</code> and <code>/api/v1/runs</code>.
            </div>
          </div>
        ) : null}
      </form>
      <ResourceTable
        resource={keys}
        columns={columns}
        rowKey={(k) => k.id}
        rowProps={(k) => ({ 'data-testid': 'ingest-key-row', 'data-name': k.name })}
        testId="ingest-keys-table"
        empty={<EmptyState title="No ingest keys">Integrations cannot send telemetry until a key is created.</EmptyState>}
      />
    </Panel>
  );
}

/** Flow ids typed as a list separated by commas or spaces. */
function flowIds(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}
