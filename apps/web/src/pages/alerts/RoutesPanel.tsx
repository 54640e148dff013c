import {
  ALERT_NAME_PATTERN,
  DEFAULT_GROUP_INTERVAL_SECONDS,
  DEFAULT_GROUP_WAIT_SECONDS,
  DEFAULT_REPEAT_INTERVAL_SECONDS,
  type RouteDryRunDto,
  type RouteDto,
  type RouteInput,
} from '@closewatch/contracts/alerts';
import { isPendingChange, pendingChangeNotice } from '@closewatch/contracts/config-history';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { createRoute, deleteRoute, dryRunRoutes } from '../../api/alerts';
import { queryKeys } from '../../api/query-keys';
import { EmptyState } from '../../components/EmptyState';
import { Button } from '../../components/Button';
import { ConfigHistory } from '../../components/ConfigHistory';
import { useConfirmDialog } from '../../components/ConfirmDialog';
import { type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Input, TextArea } from '../../components/Input';
import { Panel } from '../../components/Panel';
import { ResourceTable } from '../../components/ResourceTable';
import { SuccessBanner } from '../../components/SuccessBanner';
import { useAlertRoutes } from '../../hooks/useAlerts';
import { useBusyAction } from '../../hooks/useBusyAction';

const list = (text: string) =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const matchText = (m: RouteDto['match']) =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
    .join(' ') || 'every incident';

const EMPTY_FORM = {
  name: '',
  order: '10',
  receivers: '',
  match: '{\n  "severity": ["critical", "high"]\n}',
  groupBy: '',
  groupWaitSeconds: String(DEFAULT_GROUP_WAIT_SECONDS),
  groupIntervalSeconds: String(DEFAULT_GROUP_INTERVAL_SECONDS),
  repeatIntervalSeconds: String(DEFAULT_REPEAT_INTERVAL_SECONDS),
  escalation: '[]',
  continue: false,
};

/** Ordered routes (first match wins unless it continues), the admin's form, and the dry run: which routes would this incident match? */
export function RoutesPanel({ isAdmin }: { isAdmin: boolean }) {
  const routes = useAlertRoutes();
  const queryClient = useQueryClient();
  const { confirm, dialog } = useConfirmDialog();
  const { busy, error, setError, run } = useBusyAction();
  const [form, setForm] = useState(EMPTY_FORM);
  const [incidentId, setIncidentId] = useState('');
  const [dryRun, setDryRun] = useState<RouteDryRunDto | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** A route change that waits for a second admin says so; others just refresh the list. */
  const changed = (answer: unknown) => {
    setNotice(isPendingChange(answer) ? pendingChangeNotice(answer) : null);
    refresh();
  };
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.alerts.routes() });

  function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    let match: unknown;
    let escalation: unknown;
    try {
      match = JSON.parse(form.match);
      escalation = JSON.parse(form.escalation);
    } catch (err) {
      setError(`Match and escalation must be JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const body = {
      name: form.name.trim(),
      order: Number(form.order),
      match,
      receivers: list(form.receivers),
      continue: form.continue,
      groupBy: list(form.groupBy),
      groupWaitSeconds: Number(form.groupWaitSeconds),
      groupIntervalSeconds: Number(form.groupIntervalSeconds),
      repeatIntervalSeconds: Number(form.repeatIntervalSeconds),
      escalation,
    } as RouteInput;
    void run('create', async () => {
      const answer = await createRoute(body);
      setForm(EMPTY_FORM);
      changed(answer);
    });
  }

  const remove = async (r: RouteDto) => {
    if (!(await confirm({ title: `Delete route "${r.name}"?`, confirmLabel: 'Delete' }))) return;
    void run(r.name, async () => {
      changed(await deleteRoute(r.name));
    });
  };

  function tryIncident(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void run('dry-run', async () => setDryRun(await dryRunRoutes(incidentId.trim())));
  }

  const columns: Column<RouteDto>[] = [
    { header: 'Order', numeric: true, cell: (r) => r.order },
    { header: 'Name', className: 'mono', cell: (r) => r.name },
    { header: 'Matches', className: 'mono small', cell: (r) => matchText(r.match) },
    { header: 'Receivers', className: 'mono small', cell: (r) => r.receivers.join(', ') || '—' },
    { header: 'Continue', className: 'small', cell: (r) => (r.continue ? 'yes' : 'no') },
    {
      header: 'Group / wait / interval / repeat',
      className: 'small',
      cell: (r) => `${r.groupBy.join(', ') || 'per incident'} · ${r.groupWaitSeconds} s · ${r.groupIntervalSeconds} s · ${r.repeatIntervalSeconds} s`,
    },
    { header: 'Escalation', className: 'small', cell: (r) => r.escalation.map((s) => `${s.afterMinutes} min → ${s.receiver}`).join(', ') || '—' },
    {
      header: 'Actions',
      hiddenHeader: true,
      numeric: true,
      cell: (r: RouteDto) => (
        <>
          <Button size="small" variant="quiet" onClick={() => setHistoryOf(r.name)} data-testid="route-history">
            History
          </Button>
          {isAdmin ? (
            <Button size="small" variant="danger" onClick={() => void remove(r)} disabled={busy !== null} data-testid="route-delete">
              Delete
            </Button>
          ) : null}
        </>
      ),
    },
  ];

  const field = (key: keyof typeof EMPTY_FORM, label: string, extra: Record<string, string> = {}) => (
    <label className="field">
      <span>{label}</span>
      <Input value={String(form[key])} onChange={(e) => setForm({ ...form, [key]: e.target.value })} data-testid={`route-${key}`} {...extra} />
    </label>
  );

  return (
    <Panel title="Routes" testId="routes-panel">
      {dialog}
      {isAdmin ? (
        <form className="panel-body alert-form" onSubmit={create} aria-label="Add route" data-testid="route-form">
          {field('name', 'Name', { required: 'required', pattern: ALERT_NAME_PATTERN.source, placeholder: 'ap-oncall' })}
          {field('order', 'Order', { type: 'number', min: '0', required: 'required' })}
          {field('receivers', 'Receivers (comma-separated)', { placeholder: 'pagerduty-ap' })}
          {field('groupBy', 'Group by (comma-separated)', { placeholder: 'flow' })}
          {field('groupWaitSeconds', 'Group wait (s)', { type: 'number', min: '0' })}
          {field('groupIntervalSeconds', 'Group interval (s)', { type: 'number', min: '0' })}
          {field('repeatIntervalSeconds', 'Repeat (s)', { type: 'number', min: '60' })}
          <label className="field grow">
            <span>Match (JSON: flow, type, severity, impact, entity, owner; one value or a list each)</span>
            <TextArea rows={3} value={form.match} onChange={(e) => setForm({ ...form, match: e.target.value })} data-testid="route-match" />
          </label>
          <label className="field grow">
            <span>Escalation (JSON list of {'{"afterMinutes", "receiver"}'})</span>
            <TextArea rows={3} value={form.escalation} onChange={(e) => setForm({ ...form, escalation: e.target.value })} data-testid="route-escalation" />
          </label>
          <div className="checks">
            <label>
              <input type="checkbox" checked={form.continue} onChange={(e) => setForm({ ...form, continue: e.target.checked })} data-testid="route-continue" />
              <span>Continue to later routes</span>
            </label>
          </div>
          <Button type="submit" variant="primary" disabled={busy !== null} data-testid="route-create">
            {busy === 'create' ? 'Saving…' : 'Add route'}
          </Button>
        </form>
      ) : null}
      <ErrorBanner error={error} />
      <SuccessBanner text={notice} testId="route-pending" />
      <ResourceTable
        resource={routes}
        columns={columns}
        rowKey={(r) => r.name}
        rowProps={(r) => ({ 'data-testid': 'route-row', 'data-name': r.name })}
        testId="routes-table"
        empty={<EmptyState title="No routes">Incidents alert nobody until a route matches them.</EmptyState>}
      />
      {historyOf ? (
        <ConfigHistory key={historyOf} kind="alert_route" objectId={historyOf} title={`History of ${historyOf}`} onClose={() => setHistoryOf(null)} />
      ) : null}
      <form className="panel-body alert-form" onSubmit={tryIncident} aria-label="Dry run" data-testid="route-dry-run-form">
        <label className="field grow">
          <span>Which routes would this incident match? (incident id)</span>
          <Input required value={incidentId} onChange={(e) => setIncidentId(e.target.value)} data-testid="route-dry-run-incident" />
        </label>
        <Button type="submit" disabled={busy !== null} data-testid="route-dry-run">
          Dry run
        </Button>
      </form>
      {dryRun ? (
        <div className="panel-body" data-testid="route-dry-run-result">
          {dryRun.routes.length ? (
            <ul>
              {dryRun.routes.map((r) => (
                <li key={r.name}>
                  <span className="mono">{r.name}</span> → {r.receivers.join(', ') || 'no receivers'}
                  {r.continue ? ' (continues)' : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No route matches this incident: nobody would be told.</p>
          )}
          {dryRun.silencedBy.length ? <p className="text-bad">Muted now by silence {dryRun.silencedBy.join(', ')}.</p> : null}
          <p className="muted small">
            Matched on:{' '}
            {Object.entries(dryRun.facts)
              .map(([k, v]) => `${k}=${v.join('|') || '—'}`)
              .join(' ')}
            {dryRun.flowRoute ? ` · the flow names route ${dryRun.flowRoute}` : ''}
          </p>
        </div>
      ) : null}
    </Panel>
  );
}
