import { ALERT_NAME_PATTERN, RECEIVER_KINDS, type ReceiverDto, type ReceiverKind, type ReceiverTestResult } from '@closewatch/contracts/alerts';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { createReceiver, deleteReceiver, testReceiver } from '../../api/alerts';
import { queryKeys } from '../../api/query-keys';
import { EmptyState } from '../../components/EmptyState';
import { Button } from '../../components/Button';
import { useConfirmDialog } from '../../components/ConfirmDialog';
import { type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FilterSelect } from '../../components/FilterSelect';
import { Input } from '../../components/Input';
import { Panel } from '../../components/Panel';
import { ResourceTable } from '../../components/ResourceTable';
import { useAlertReceivers } from '../../hooks/useAlerts';
import { useBusyAction } from '../../hooks/useBusyAction';

const KIND_LABEL: Record<ReceiverKind, string> = { pagerduty: 'PagerDuty (Events API v2)', slack: 'Slack-compatible webhook', webhook: 'Webhook (signed)' };

/** Receivers: admins add, test and delete them; URLs, routing keys and secrets are sent once and shown masked. */
export function ReceiversPanel({ isAdmin }: { isAdmin: boolean }) {
  const receivers = useAlertReceivers();
  const queryClient = useQueryClient();
  const { confirm, dialog } = useConfirmDialog();
  const { busy, error, run } = useBusyAction();
  const [tests, setTests] = useState<Record<string, ReceiverTestResult>>({});
  const [form, setForm] = useState({ name: '', kind: 'pagerduty' as ReceiverKind, url: '', routingKey: '', secret: '' });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.receivers() });

  function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void run('create', async () => {
      await createReceiver({
        name: form.name.trim(),
        kind: form.kind,
        url: form.url.trim() || undefined,
        routingKey: form.kind === 'pagerduty' ? form.routingKey.trim() : undefined,
        secret: form.kind === 'webhook' ? form.secret : undefined,
      });
      setForm({ ...form, name: '', url: '', routingKey: '', secret: '' });
      refresh();
    });
  }

  const test = (r: ReceiverDto) =>
    void run(r.name, async () => {
      const result = await testReceiver(r.name);
      setTests((t) => ({ ...t, [r.name]: result }));
    });

  const remove = async (r: ReceiverDto) => {
    if (!(await confirm({ title: `Delete receiver "${r.name}"?`, confirmLabel: 'Delete' }))) return;
    void run(r.name, async () => {
      await deleteReceiver(r.name);
      refresh();
    });
  };

  const columns: Column<ReceiverDto>[] = [
    { header: 'Name', className: 'mono', cell: (r) => r.name },
    { header: 'Kind', className: 'small', cell: (r) => KIND_LABEL[r.kind] },
    { header: 'URL', className: 'mono small', cell: (r) => r.url },
    { header: 'Routing key / secret', className: 'mono small', cell: (r) => r.routingKey ?? r.secret ?? '—' },
    ...(isAdmin
      ? [
          { header: 'Test', className: 'small', cellTestId: 'receiver-test-result', cell: (r: ReceiverDto) => <TestResult result={tests[r.name]} /> },
          {
            header: 'Actions',
            hiddenHeader: true,
            numeric: true,
            cell: (r: ReceiverDto) => (
              <>
                <Button size="small" onClick={() => test(r)} disabled={busy !== null} data-testid="receiver-test">
                  Test
                </Button>
                <Button size="small" variant="danger" onClick={() => void remove(r)} disabled={busy !== null} data-testid="receiver-delete">
                  Delete
                </Button>
              </>
            ),
          },
        ]
      : []),
  ];

  return (
    <Panel title="Receivers" testId="receivers-panel">
      {dialog}
      {isAdmin ? (
        <form className="panel-body alert-form" onSubmit={create} aria-label="Add receiver" data-testid="receiver-form">
          <label className="field">
            <span>Name</span>
            <Input
              required
              pattern={ALERT_NAME_PATTERN.source}
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
              placeholder="ap-oncall"
              data-testid="receiver-name"
            />
          </label>
          <FilterSelect
            label="Kind"
            value={form.kind}
            onChange={(kind) => setForm({ ...form, kind })}
            options={RECEIVER_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
            testId="receiver-kind"
          />
          <label className="field grow">
            <span>{form.kind === 'pagerduty' ? 'Events API URL (default: PagerDuty)' : 'URL (stored encrypted, shown masked)'}</span>
            <Input
              type="url"
              autoComplete="off"
              required={form.kind !== 'pagerduty'}
              value={form.url}
              onChange={(e) => setForm({ ...form, url: e.target.value })}
              placeholder={
                form.kind === 'slack'
                  ? 'https://hooks.slack.com/services/…'
                  : form.kind === 'pagerduty'
                    ? 'https://events.pagerduty.com/v2/enqueue'
                    : 'https://relay.example.com/closewatch'
              }
              data-testid="receiver-url"
            />
          </label>
          {form.kind === 'pagerduty' ? (
            <SecretField
              label="Routing key"
              value={form.routingKey}
              onChange={(routingKey) => setForm({ ...form, routingKey })}
              testId="receiver-routing-key"
            />
          ) : null}
          {form.kind === 'webhook' ? (
            <SecretField label="Signing secret" value={form.secret} onChange={(secret) => setForm({ ...form, secret })} testId="receiver-secret" />
          ) : null}
          <Button type="submit" variant="primary" disabled={busy !== null} data-testid="receiver-create">
            {busy === 'create' ? 'Saving…' : 'Add receiver'}
          </Button>
        </form>
      ) : null}
      <ErrorBanner error={error} />
      <ResourceTable
        resource={receivers}
        columns={columns}
        rowKey={(r) => r.name}
        rowProps={(r) => ({ 'data-testid': 'receiver-row', 'data-name': r.name })}
        testId="receivers-table"
        empty={<EmptyState title="No receivers">Routes have nowhere to send alerts until one is added.</EmptyState>}
      />
    </Panel>
  );
}

/** A secret sent once: typed hidden, never shown back. */
function SecretField({ label, value, onChange, testId }: { label: string; value: string; onChange: (value: string) => void; testId: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <Input type="password" autoComplete="off" required value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

function TestResult({ result }: { result: ReceiverTestResult | undefined }) {
  if (!result) return <span className="muted">—</span>;
  if (!result.ok) return <span className="text-bad">{result.error ?? `answered ${result.statusCode}`}</span>;
  return (
    <span className="text-ok">
      {result.statusCode} in {result.latencyMs} ms
    </span>
  );
}
