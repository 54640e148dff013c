import { REPLAY_STATUSES, type ReplayRequestDto } from '@closewatch/contracts/replays';
import { useSearchParams } from 'react-router-dom';
import { type ReplayFilters } from '../../api/replays';
import { type Column } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { FilterInput } from '../../components/FilterInput';
import { Input } from '../../components/Input';
import { FilterSelect, humanOptions, type SelectOption } from '../../components/FilterSelect';
import { PagedTable } from '../../components/PagedTable';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { useDebounced } from '../../hooks/useDebounced';
import { useReplayList } from '../../hooks/useReplays';
import { useSetParam } from '../../hooks/useSetParam';
import { REPLAY_COLUMNS, replayRowProps } from './replay-columns';
import { ReplayApprovalActions } from './ReplayControls';

const STATUS_OPTIONS: SelectOption[] = [{ value: '', label: 'All statuses' }, { value: 'requested,sent', label: 'Waiting' }, ...humanOptions(REPLAY_STATUSES)];

/** Approve or Reject on a bulk replay waiting for a second person. */
const APPROVAL_COLUMN: Column<ReplayRequestDto> = { header: 'Approval', cell: (r) => <ReplayApprovalActions request={r} /> };

const COLUMNS: Column<ReplayRequestDto>[] = [
  REPLAY_COLUMNS.requested,
  REPLAY_COLUMNS.record,
  REPLAY_COLUMNS.flow,
  REPLAY_COLUMNS.by,
  REPLAY_COLUMNS.status,
  REPLAY_COLUMNS.outcome,
  REPLAY_COLUMNS.exception,
  APPROVAL_COLUMN,
];

/** A `YYYY-MM-DD` day of the address as the ISO instant of its UTC midnight (the day after for `to`), else undefined. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const at = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(at.getTime())) return undefined;
  if (end) at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString();
}

/** Every replay request, newest first, filtered by flow, status, requester and day (UTC); statuses move live. */
export default function ReplaysPage() {
  const [params] = useSearchParams();
  const set = useSetParam();
  const flow = params.get('flow') ?? '';
  const status = params.get('status') ?? '';
  const requestedBy = params.get('requestedBy') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const settledFlow = useDebounced(flow.trim(), 300);
  const settledRequester = useDebounced(requestedBy.trim(), 300);
  const filters: ReplayFilters = {
    flow: settledFlow || undefined,
    status: status || undefined,
    requestedBy: settledRequester || undefined,
    from: dayBound(from, false),
    to: dayBound(to, true),
  };
  const replays = useReplayList(filters);

  return (
    <div className="page" data-testid="replays-page">
      <PageHeader title="Replays">
        <p className="muted">
          Requests to the middleware to send a failed record again, newest first, followed until the record is posted, fails again or nothing comes back.
          Updates live.
        </p>
      </PageHeader>
      <Panel testId="replays-panel">
        <div className="toolbar" role="search">
          <FilterInput
            label="Flow"
            className="field grow"
            value={flow}
            onChange={(v) => set('flow', v, '')}
            placeholder="Flow id"
            testId="replays-filter-flow"
          />
          <FilterSelect label="Status" value={status} onChange={(v) => set('status', v, '')} options={STATUS_OPTIONS} testId="replays-filter-status" />
          <FilterInput
            label="Requested by"
            value={requestedBy}
            onChange={(v) => set('requestedBy', v, '')}
            placeholder="email"
            testId="replays-filter-requester"
          />
          <label className="field">
            <span>From (UTC)</span>
            <Input type="date" value={from} onChange={(e) => set('from', e.target.value, '')} data-testid="replays-filter-from" />
          </label>
          <label className="field">
            <span>To (UTC)</span>
            <Input type="date" value={to} onChange={(e) => set('to', e.target.value, '')} data-testid="replays-filter-to" />
          </label>
        </div>
        <PagedTable
          list={replays}
          empty={<EmptyState title="No replay requests">Nothing matches these filters. Replay a delivery failure from its exception or incident.</EmptyState>}
          moreLabel="Load more"
          testId="replays-table"
          columns={COLUMNS}
          rowKey={(r) => r.id}
          rowProps={replayRowProps}
        />
      </Panel>
    </div>
  );
}
