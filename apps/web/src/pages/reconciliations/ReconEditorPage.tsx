import { isPendingChange, pendingChangeNotice } from '@closewatch/contracts/config-history';
import { type ApiErrorDetail } from '@closewatch/contracts/errors';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiRequestError, errorText } from '../../api/api-error';
import { createRecon, replaceRecon } from '../../api/recons';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SuccessBanner } from '../../components/SuccessBanner';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { useConnections } from '../../hooks/useConnections';
import { useRecon } from '../../hooks/useRecon';
import { editableBody, NEW_RECON_TEMPLATE, parseDefinition } from './recon-template';
import './reconciliations.css';
import { Button } from '../../components/Button';
import { TextArea } from '../../components/Input';

const HELP = [
  [
    'source / target',
    'connector postgres {connection, query}, csv {path | file, header, delimiter, decimalSeparator}, http {url, recordsPath, pagination}, telemetry {stage, system}',
  ],
  ['key', 'fields that identify a record: "entity" (same name on both sides) or {"source": "inv_no", "target": "doc_ref"}'],
  ['compare', 'fields compared with tolerances: {"abs": "0.01"}, {"rel": "0.001"}, {"days": 3}; none means equal'],
  ['totals', 'count and sum of {amount} grouped by groupBy fields'],
  ['scope', 'parameters bound as :name in queries, paths and URLs; period may be YYYY-MM, "current" or "previous"'],
  ['schedule / materiality', '{"cron": "0 2 * * *", "timezone": "UTC"} / {"amount": "1000.00", "currency": "USD"}'],
] as const;

/** Admins: a reconciliation as JSON, validated by the server, which names the path of every problem. */
export default function ReconEditorPage() {
  const { reconId } = useParams();
  const navigate = useNavigate();
  const editing = reconId !== undefined;
  const existing = useRecon(editing ? reconId : null);
  const connections = useConnections();
  /** What the admin typed; until then the stored definition (or the template for a new one). */
  const [draft, setText] = useState<string | null>(null);
  const initial = editing ? (existing.data ? JSON.stringify(editableBody(existing.data), null, 2) : null) : JSON.stringify(NEW_RECON_TEMPLATE, null, 2);
  const text = draft ?? initial;
  const [problem, setProblem] = useState<string | null>(null);
  const [details, setDetails] = useState<ApiErrorDetail[]>([]);
  const [saving, setSaving] = useState(false);
  const [pending, setPending] = useState<string | null>(null);

  async function save() {
    if (text === null) return;
    setProblem(null);
    setDetails([]);
    setPending(null);
    const parsed = parseDefinition(text);
    if (!parsed.ok) {
      setProblem(parsed.message);
      return;
    }
    setSaving(true);
    try {
      const saved = editing ? await replaceRecon(reconId, parsed.value) : await createRecon(parsed.value);
      if (isPendingChange(saved)) setPending(pendingChangeNotice(saved));
      else void navigate(`/reconciliations/${encodeURIComponent(saved.id)}`);
    } catch (e) {
      setProblem(e instanceof ApiRequestError ? e.message : errorText(e));
      setDetails(e instanceof ApiRequestError ? e.details : []);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="page" data-testid="recon-editor-page">
      <nav className="breadcrumb">
        <Link to="/reconciliations">Reconciliations</Link> / {editing ? <Link to={`/reconciliations/${encodeURIComponent(reconId)}`}>{reconId}</Link> : 'new'}
      </nav>
      <div className="page-header">
        <div>
          <h1>{editing ? 'Edit reconciliation' : 'New reconciliation'}</h1>
          <p className="muted">The definition as JSON (the shape of POST /api/v1/recons). The server checks it and names the path of every problem.</p>
        </div>
      </div>
      <ErrorBanner error={existing.error} onRetry={() => void existing.refetch()} />
      <div className="recon-editor">
        <Panel
          title="Definition"
          testId="recon-editor"
          actions={
            <Button variant="primary" onClick={() => void save()} disabled={saving || text === null} data-testid="recon-save">
              {saving ? 'Saving…' : editing ? 'Save changes' : 'Create'}
            </Button>
          }
        >
          <SuccessBanner text={pending} testId="recon-pending" />
          {problem ? (
            <div className="banner banner-error" role="alert" data-testid="recon-save-error">
              <div>
                <strong>{problem}</strong>
                {details.length ? (
                  <ul className="recon-problems">
                    {details.map((d) => (
                      <li key={`${d.field}:${d.message}`} data-testid="recon-problem" data-field={d.field}>
                        <code>{d.field}</code> {d.message}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            </div>
          ) : null}
          {text === null ? (
            <Loading />
          ) : (
            <TextArea
              className="recon-json"
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-label="Definition JSON"
              data-testid="recon-json"
            />
          )}
        </Panel>
        <Panel title="Reference" testId="recon-editor-help">
          <dl className="facts">
            {HELP.map(([k, v]) => (
              <div key={k}>
                <dt className="mono">{k}</dt>
                <dd className="small">{v}</dd>
              </div>
            ))}
            <div>
              <dt>Connections</dt>
              <dd className="small mono" data-testid="editor-connections">
                {connections.data ? connections.data.items.map((c) => c.name).join(', ') || 'none yet' : '…'}
              </dd>
            </div>
          </dl>
        </Panel>
      </div>
    </div>
  );
}
