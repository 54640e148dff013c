import { FLOW_PATTERNS, type FlowPattern, IMPACT_AREAS, type ImpactArea, WORKFLOWS, type Workflow } from '@closewatch/contracts/catalog';
import { type FlowHealthDto } from '@closewatch/contracts/sync-health';
import { type FlowIngestStats } from '@closewatch/contracts/telemetry';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Amount } from '../../components/Amount';
import { HealthBadge, UnregisteredMarker } from '../../components/Badges';
import { EmptyState, ErrorBanner, Loading, Panel } from '../../components/Feedback';
import { SyncStatusBadge } from '../../components/SyncStatusBadge';
import { formatRate } from '../../format/amount';
import { formatSeconds, humanize } from '../../format/catalog';
import { useFlowHealthList } from '../../hooks/useFlowHealthList';
import { useFlowStats } from '../../hooks/useFlowStats';
import { useFlows } from '../../hooks/useFlows';
import { useSystems } from '../../hooks/useSystems';
import './flows.css';

export default function FlowsPage() {
  const [q, setQ] = useState('');
  const [pattern, setPattern] = useState<FlowPattern | ''>('');
  const [workflow, setWorkflow] = useState<Workflow | ''>('');
  const [impact, setImpact] = useState<ImpactArea | ''>('');
  const [system, setSystem] = useState('');
  const query = useDeferredValue(q.trim());
  const flows = useFlows({ q: query, pattern, workflow, impact, system, limit: 100 });
  const systems = useSystems();
  const { stats } = useFlowStats();
  const health = useFlowHealthList();
  const healthByFlow = useMemo(() => new Map<string, FlowHealthDto>((health.data?.items ?? []).map((h) => [h.flow, h])), [health.data]);
  const statsByFlow = useMemo(() => new Map<string, FlowIngestStats>((stats?.flows ?? []).map((f) => [f.flow, f])), [stats]);
  const unregistered = (stats?.flows ?? []).filter((f) => !f.registered);
  const filtered = Boolean(query || pattern || workflow || impact || system);

  return (
    <div className="page" data-testid="flows-page">
      <div className="page-header">
        <div>
          <h1>Flows</h1>
          <p className="muted">The governed sync paths in the catalog, with their live health over the last 5 minutes.</p>
        </div>
      </div>
      <Panel testId="flows-catalog">
        <div className="toolbar" role="search">
          <label className="field grow">
            <span>Search</span>
            <input className="input" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Flow id or name" data-testid="flows-search" />
          </label>
          <label className="field">
            <span>System</span>
            <select className="input" value={system} onChange={(e) => setSystem(e.target.value)} data-testid="flows-filter-system">
              <option value="">All systems</option>
              {(systems.data?.items ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Workflow</span>
            <select className="input" value={workflow} onChange={(e) => setWorkflow(e.target.value as Workflow | '')} data-testid="flows-filter-workflow">
              <option value="">All workflows</option>
              {WORKFLOWS.map((w) => (
                <option key={w} value={w}>
                  {humanize(w)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Pattern</span>
            <select className="input" value={pattern} onChange={(e) => setPattern(e.target.value as FlowPattern | '')} data-testid="flows-filter-pattern">
              <option value="">All patterns</option>
              {FLOW_PATTERNS.map((p) => (
                <option key={p} value={p}>
                  {humanize(p)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Finance impact</span>
            <select className="input" value={impact} onChange={(e) => setImpact(e.target.value as ImpactArea | '')} data-testid="flows-filter-impact">
              <option value="">Any impact</option>
              {IMPACT_AREAS.map((i) => (
                <option key={i} value={i}>
                  {humanize(i)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorBanner error={flows.error} onRetry={flows.reload} />
        {flows.loading && !flows.items.length ? <Loading /> : null}
        {!flows.loading && !flows.error && !flows.items.length ? (
          <EmptyState title={filtered ? 'No flow matches these filters' : 'The catalog has no flows yet'}>
            {filtered ? 'Clear a filter to see more.' : 'Admins register flows with PUT /api/v1/catalog or POST /api/v1/flows.'}
          </EmptyState>
        ) : null}
        {flows.items.length ? (
          <div className="table-wrap">
            <table className="table" data-testid="flows-table">
              <thead>
                <tr>
                  <th scope="col">Flow</th>
                  <th scope="col">Source → target</th>
                  <th scope="col">Pattern / workflow</th>
                  <th scope="col">Freshness SLO</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Impact</th>
                  <th scope="col" className="num">
                    Materiality
                  </th>
                  <th scope="col">Sync status</th>
                  <th scope="col">Ingest, 5 min</th>
                  <th scope="col" className="num">
                    Hops/min
                  </th>
                </tr>
              </thead>
              <tbody>
                {flows.items.map((f) => {
                  const s = statsByFlow.get(f.id);
                  const h = healthByFlow.get(f.id);
                  return (
                    <tr key={f.id} data-testid="catalog-flow-row" data-flow={f.id}>
                      <td>
                        <Link to={`/flows/${encodeURIComponent(f.id)}`} className="flow-name">
                          {f.name}
                        </Link>
                        <div className="mono small muted">{f.id}</div>
                      </td>
                      <td>
                        {f.sourceSystem} → {f.targetSystem}
                      </td>
                      <td>
                        {humanize(f.pattern)}
                        <div className="small muted">{humanize(f.workflow)}</div>
                      </td>
                      <td>
                        {formatSeconds(f.slo.maxLagSeconds)}
                        {f.slo.scheduleCron ? <div className="small muted mono">{f.slo.scheduleCron}</div> : null}
                      </td>
                      <td>{f.ownerTeam ?? <span className="muted">—</span>}</td>
                      <td>
                        {f.impacts.length ? f.impacts.map((i) => <span key={i} className="chip">{humanize(i)}</span>) : <span className="muted">—</span>}
                      </td>
                      <td className="num">{f.materiality ? <Amount amount={f.materiality.amount} currency={f.materiality.currency} /> : <span className="muted">—</span>}</td>
                      <td data-testid="catalog-flow-sync" title={h?.reason}>
                        {h ? <SyncStatusBadge status={h.status} /> : <span className="muted">—</span>}
                        {h && h.status !== 'healthy' ? <div className="small muted flow-sync-reason">{h.reason}</div> : null}
                      </td>
                      <td>{s ? <HealthBadge health={s.health} /> : <span className="muted">—</span>}</td>
                      <td className="num">{s ? formatRate(s.throughputPerMinute) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
        {flows.hasMore ? (
          <div className="list-footer">
            <button type="button" className="button button-small" onClick={flows.loadMore} disabled={flows.loading}>
              Load more flows
            </button>
          </div>
        ) : null}
      </Panel>
      {unregistered.length && !filtered ? (
        <Panel title="Unregistered flows sending data" testId="unregistered-flows">
          <p className="muted pad small">These flow ids sent hops in the last 5 minutes but are not in the catalog. Their data is kept; register them to govern them.</p>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Flow id</th>
                  <th scope="col">Health</th>
                  <th scope="col" className="num">
                    Hops (5 min)
                  </th>
                </tr>
              </thead>
              <tbody>
                {unregistered.map((f) => (
                  <tr key={f.flow}>
                    <td>
                      <Link to={`/flows/${encodeURIComponent(f.flow)}`} className="mono">
                        {f.flow}
                      </Link>{' '}
                      <UnregisteredMarker />
                    </td>
                    <td>
                      <HealthBadge health={f.health} />
                    </td>
                    <td className="num">{f.hops}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      ) : null}
    </div>
  );
}
