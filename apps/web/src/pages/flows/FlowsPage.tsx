import { FLOW_PATTERNS, type FlowDto, type FlowPattern, IMPACT_AREAS, type ImpactArea, WORKFLOWS, type Workflow } from '@closewatch/contracts/catalog';
import { type FlowHealthDto } from '@closewatch/contracts/sync-health';
import { type FlowIngestStats } from '@closewatch/contracts/telemetry';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Amount } from '../../components/Amount';
import { HealthBadge, UnregisteredMarker } from '../../components/Badges';
import { type Column, DataTable } from '../../components/DataTable';
import { PagedTable } from '../../components/PagedTable';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { FilterInput } from '../../components/FilterInput';
import { FilterSelect, humanOptions, type SelectOption } from '../../components/FilterSelect';
import { PageHeader } from '../../components/PageHeader';
import { SyncStatusBadge } from '../../components/SyncStatusBadge';
import { formatRate } from '../../format/amount';
import { formatSeconds, humanize } from '../../format/catalog';
import { useFlowHealthList } from '../../hooks/useFlowHealthList';
import { EvaluationLagNotice } from '../../components/EvaluationLagNotice';
import { useFlowStats } from '../../hooks/useFlowStats';
import { useFlows } from '../../hooks/useFlows';
import { useSystems } from '../../hooks/useSystems';
import './flows.css';

const WORKFLOW_OPTIONS: SelectOption[] = [{ value: '', label: 'All workflows' }, ...humanOptions(WORKFLOWS)];
const PATTERN_OPTIONS: SelectOption[] = [{ value: '', label: 'All patterns' }, ...humanOptions(FLOW_PATTERNS)];
const IMPACT_OPTIONS: SelectOption[] = [{ value: '', label: 'Any impact' }, ...humanOptions(IMPACT_AREAS)];

/** What an empty cell shows. */
const DASH = <span className="muted">—</span>;

function catalogColumns(statsByFlow: ReadonlyMap<string, FlowIngestStats>, healthByFlow: ReadonlyMap<string, FlowHealthDto>): Column<FlowDto>[] {
  return [
    {
      header: 'Flow',
      cell: (f) => (
        <>
          <Link to={`/flows/${encodeURIComponent(f.id)}`} className="flow-name">
            {f.name}
          </Link>
          <div className="mono small muted">{f.id}</div>
        </>
      ),
    },
    { header: 'Source → target', cell: (f) => `${f.sourceSystem} → ${f.targetSystem}` },
    {
      header: 'Pattern / workflow',
      cell: (f) => (
        <>
          {humanize(f.pattern)}
          <div className="small muted">{humanize(f.workflow)}</div>
        </>
      ),
    },
    {
      header: 'Freshness SLO',
      cell: (f) => (
        <>
          {formatSeconds(f.slo.maxLagSeconds)}
          {f.slo.scheduleCron ? <div className="small muted mono">{f.slo.scheduleCron}</div> : null}
        </>
      ),
    },
    { header: 'Owner', cell: (f) => f.ownerTeam ?? DASH },
    {
      header: 'Impact',
      cell: (f) =>
        f.impacts.length
          ? f.impacts.map((i) => (
              <span key={i} className="chip">
                {humanize(i)}
              </span>
            ))
          : DASH,
    },
    { header: 'Materiality', numeric: true, cell: (f) => (f.materiality ? <Amount amount={f.materiality.amount} currency={f.materiality.currency} /> : DASH) },
    {
      header: 'Sync status',
      cellTestId: 'catalog-flow-sync',
      cellTitle: (f) => healthByFlow.get(f.id)?.reason,
      cell: (f) => {
        const h = healthByFlow.get(f.id);
        return (
          <>
            {h ? <SyncStatusBadge status={h.status} /> : DASH}
            {h && h.status !== 'healthy' ? <div className="small muted flow-sync-reason">{h.reason}</div> : null}
          </>
        );
      },
    },
    {
      header: 'Ingest, 5 min',
      cell: (f) => {
        const s = statsByFlow.get(f.id);
        return s ? <HealthBadge health={s.health} /> : DASH;
      },
    },
    {
      header: 'Hops/min',
      numeric: true,
      cell: (f) => {
        const s = statsByFlow.get(f.id);
        return s ? formatRate(s.throughputPerMinute) : '—';
      },
    },
  ];
}

const UNREGISTERED_COLUMNS: Column<FlowIngestStats>[] = [
  {
    header: 'Flow id',
    cell: (f) => (
      <>
        <Link to={`/flows/${encodeURIComponent(f.flow)}`} className="mono">
          {f.flow}
        </Link>{' '}
        <UnregisteredMarker />
      </>
    ),
  },
  { header: 'Health', cell: (f) => <HealthBadge health={f.health} /> },
  { header: 'Hops (5 min)', numeric: true, cell: (f) => f.hops },
];

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
      <PageHeader title="Flows">
        <p className="muted">The governed sync paths in the catalog, with their live health over the last 5 minutes.</p>
      </PageHeader>
      <EvaluationLagNotice state={health.data?.evaluation} />
      <Panel testId="flows-catalog">
        <div className="toolbar" role="search">
          <FilterInput label="Search" className="field grow" value={q} onChange={setQ} placeholder="Flow id or name" testId="flows-search" />
          <FilterSelect
            label="System"
            value={system}
            onChange={setSystem}
            options={[{ value: '', label: 'All systems' }, ...(systems.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))]}
            testId="flows-filter-system"
          />
          <FilterSelect label="Workflow" value={workflow} onChange={setWorkflow} options={WORKFLOW_OPTIONS} testId="flows-filter-workflow" />
          <FilterSelect label="Pattern" value={pattern} onChange={setPattern} options={PATTERN_OPTIONS} testId="flows-filter-pattern" />
          <FilterSelect label="Finance impact" value={impact} onChange={setImpact} options={IMPACT_OPTIONS} testId="flows-filter-impact" />
        </div>
        <PagedTable
          list={flows}
          empty={
            <EmptyState title={filtered ? 'No flow matches these filters' : 'The catalog has no flows yet'}>
              {filtered ? 'Clear a filter to see more.' : 'Admins register flows with PUT /api/v1/catalog or POST /api/v1/flows.'}
            </EmptyState>
          }
          moreLabel="Load more flows"
          testId="flows-table"
          columns={catalogColumns(statsByFlow, healthByFlow)}
          rowKey={(f) => f.id}
          rowProps={(f) => ({ 'data-testid': 'catalog-flow-row', 'data-flow': f.id })}
        />
      </Panel>
      {unregistered.length && !filtered ? (
        <Panel title="Unregistered flows sending data" testId="unregistered-flows">
          <p className="muted pad small">
            These flow ids sent hops in the last 5 minutes but are not in the catalog. Their data is kept; register them to govern them.
          </p>
          <DataTable columns={UNREGISTERED_COLUMNS} rows={unregistered} rowKey={(f) => f.flow} />
        </Panel>
      ) : null}
    </div>
  );
}
