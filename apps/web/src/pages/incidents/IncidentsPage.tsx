import { INCIDENT_STATUSES, type IncidentDto } from '@closewatch/contracts/exceptions';
import { Link, useSearchParams } from 'react-router-dom';
import { type Column } from '../../components/DataTable';
import { PagedTable } from '../../components/PagedTable';
import { ExceptionStatusBadge, SeverityBadge } from '../../components/ExceptionBadges';
import { EmptyState } from '../../components/EmptyState';
import { Panel } from '../../components/Panel';
import { FlowLink } from '../../components/FlowLink';
import { FilterInput } from '../../components/FilterInput';
import { FilterSelect, humanOptions, type SelectOption } from '../../components/FilterSelect';
import { MoneyList } from '../../components/MoneyList';
import { PageHeader } from '../../components/PageHeader';
import { UtcTime } from '../../components/UtcTime';
import { humanize } from '../../format/catalog';
import { useDebounced } from '../../hooks/useDebounced';
import { useIncidents } from '../../hooks/useIncidents';
import { useSetParam } from '../../hooks/useSetParam';
import './incidents.css';

/** `status` in the address: `active` (open or acknowledged, the default), `all`, or one status. */
function statusFilter(choice: string): string | undefined {
  if (choice === 'all') return undefined;
  if (choice === '' || choice === 'active') return 'open,acknowledged';
  return choice;
}

const STATUS_OPTIONS: SelectOption[] = [
  { value: 'active', label: 'Open or acknowledged' },
  { value: 'all', label: 'All statuses' },
  ...humanOptions(INCIDENT_STATUSES),
];

const INCIDENT_COLUMNS: Column<IncidentDto>[] = [
  { header: 'Severity', cell: (i) => <SeverityBadge severity={i.severity} /> },
  {
    header: 'Incident',
    cell: (i) => (
      <>
        <Link to={`/incidents/${encodeURIComponent(i.id)}`} className="strong-link" data-testid="incident-link">
          {i.title}
        </Link>
        {i.entity || i.period ? (
          <div className="small muted">
            {i.entity ?? '—'} / {i.period ?? '—'}
          </div>
        ) : null}
      </>
    ),
  },
  { header: 'Flow', cell: (i) => <FlowLink flow={i.flow} className="small" /> },
  { header: 'Cause', className: 'mono small', cell: (i) => i.cause ?? (i.type ? humanize(i.type) : '—') },
  { header: 'Status', cell: (i) => <ExceptionStatusBadge status={i.status} testId="incident-status" /> },
  {
    header: 'Exceptions',
    numeric: true,
    cellTestId: 'incident-counts',
    cell: (i) => (
      <>
        <strong>{i.unresolvedCount}</strong> <span className="muted">/ {i.exceptionCount}</span>
        <div className="small muted">seen {i.occurrences}×</div>
      </>
    ),
  },
  { header: 'Amount at risk', numeric: true, cell: (i) => <MoneyList amounts={i.amountsAtRisk} testId="incident-at-risk" /> },
  { header: 'First seen', className: 'small', cell: (i) => <UtcTime iso={i.firstSeenAt} /> },
  {
    header: 'Last seen',
    className: 'small',
    cell: (i) => (
      <>
        <UtcTime iso={i.lastSeenAt} />
        {i.resolvedAt ? (
          <div className="muted">
            resolved <UtcTime iso={i.resolvedAt} />
          </div>
        ) : null}
      </>
    ),
  },
];

export default function IncidentsPage() {
  const [params] = useSearchParams();
  const flow = params.get('flow') ?? '';
  const status = params.get('status') ?? 'active';
  const settledFlow = useDebounced(flow.trim(), 300);
  const incidents = useIncidents({ flow: settledFlow || undefined, status: statusFilter(status) });
  const set = useSetParam();

  return (
    <div className="page" data-testid="incidents-page">
      <PageHeader title="Incidents">
        <p className="muted">Exceptions grouped by flow and root cause for IT and on-call; most recently active first. Updates live.</p>
      </PageHeader>
      <Panel testId="incidents-panel">
        <div className="toolbar" role="search">
          <FilterInput
            label="Flow"
            className="field grow"
            value={flow}
            onChange={(v) => set('flow', v, '')}
            placeholder="Flow id"
            testId="incidents-filter-flow"
          />
          <FilterSelect label="Status" value={status} onChange={(v) => set('status', v, 'active')} options={STATUS_OPTIONS} testId="incidents-filter-status" />
        </div>
        <PagedTable
          list={incidents}
          empty={<EmptyState title="No incidents">Nothing matches these filters. Incidents open as soon as exceptions are found.</EmptyState>}
          moreLabel="Load more"
          testId="incidents-table"
          columns={INCIDENT_COLUMNS}
          rowKey={(i) => i.id}
          rowProps={(i) => ({ 'data-testid': 'incident-row', 'data-id': i.id, 'data-flow': i.flow, 'data-cause': i.cause ?? '', 'data-status': i.status })}
        />
      </Panel>
    </div>
  );
}
