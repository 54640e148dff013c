import { type CloseDeadlineDto } from '@closewatch/contracts/close';
import { type FormEvent, useState } from 'react';
import { deleteCloseCalendar, putCloseCalendar } from '../../api/close';
import { ConfigHistory } from '../../components/ConfigHistory';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SuccessBanner } from '../../components/SuccessBanner';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { UtcTime } from '../../components/UtcTime';
import { daysLeftText, editableCalendar, localTime, NEW_CALENDAR } from '../../format/close';
import { useBusyAction } from '../../hooks/useBusyAction';
import { type CloseOverviewRow, useCloseOverview } from '../../hooks/useCloseOverview';
import { useNow } from '../../hooks/useNow';
import { useSession } from '../../hooks/useSession';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Input, TextArea } from '../../components/Input';
import { useConfirmDialog } from '../../components/ConfirmDialog';

function Window({ w, timezone }: { w: CloseDeadlineDto; timezone: string }) {
  // The calendar knows the deadline, not the readiness (the grid above says whether the close is late).
  const tone = w.workingDaysLeft < 0 ? 'idle' : w.workingDaysLeft <= 2 ? 'warn' : 'ok';
  return (
    <div data-testid="close-window" data-period={w.period}>
      <strong>{w.period}</strong> due <span title={w.deadlineAt}>{localTime(w.deadlineAt, timezone)}</span>
      {w.overridden.deadline ? <span className="muted small"> (override)</span> : null}
      <div className="small muted">
        starts <UtcTime iso={w.closeStartAt} /> · <Badge tone={tone}>{daysLeftText(w.workingDaysLeft, { late: false })}</Badge>
      </div>
    </div>
  );
}

/** Every entity's calendar with this month's and last month's close; admins and finance ops edit them as JSON. */
export function CalendarsPanel() {
  const { confirm, dialog } = useConfirmDialog();
  const now = useNow(60_000);
  const overview = useCloseOverview(now);
  const { user } = useSession();
  const canWrite = user?.role === 'admin' || user?.role === 'finance_ops';
  const [entity, setEntity] = useState('');
  const [text, setText] = useState(NEW_CALENDAR);
  const [notice, setNotice] = useState<string | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const { busy, error, setError, run } = useBusyAction();

  function edit(row: CloseOverviewRow) {
    setEntity(row.calendar.entity);
    setText(editableCalendar({ ...row.calendar }));
    setNotice(null);
    setError(null);
  }

  function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setNotice(null);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setError(`The calendar is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    void run('save', async () => {
      const saved = await putCloseCalendar(entity.trim(), body);
      setText(editableCalendar({ ...saved }));
      setNotice(`Saved the close calendar of ${saved.entity}.`);
      void overview.refetch();
    });
  }

  async function remove() {
    if (!(await confirm({ title: `Delete the close calendar of ${entity}?`, confirmLabel: 'Delete' }))) return;
    void run('delete', async () => {
      await deleteCloseCalendar(entity.trim());
      setNotice(`Deleted the close calendar of ${entity}.`);
      setEntity('');
      setText(NEW_CALENDAR);
      void overview.refetch();
    });
  }

  const columns: Column<CloseOverviewRow>[] = [
    {
      header: 'Entity',
      cell: (r) => (
        <>
          <strong>{r.calendar.entity}</strong>
          <div className="small muted">{r.calendar.timezone}</div>
        </>
      ),
    },
    {
      header: 'Rules',
      cell: (r) => (
        <span className="small">
          starts {r.calendar.closeStart}, due {r.calendar.deadline} at {r.calendar.deadlineTime}
          <div className="muted">
            workweek {r.calendar.workweek.join(',')} · {r.calendar.holidays.length} holidays
          </div>
        </span>
      ),
    },
    { header: 'This month', cell: (r) => <Window w={r.current} timezone={r.calendar.timezone} /> },
    { header: 'Last month', cell: (r) => <Window w={r.previous} timezone={r.calendar.timezone} /> },
    {
      header: 'Actions',
      hiddenHeader: true,
      numeric: true,
      cell: (r: CloseOverviewRow) => (
        <>
          <Button size="small" variant="quiet" onClick={() => setHistoryOf(r.calendar.entity)} data-testid="calendar-history">
            History
          </Button>
          {canWrite ? (
            <Button size="small" onClick={() => edit(r)} data-testid="edit-calendar">
              Edit
            </Button>
          ) : null}
        </>
      ),
    },
  ];

  return (
    <Panel title="Close calendars" testId="calendars-panel">
      {dialog}
      <ErrorBanner error={overview.error} onRetry={() => void overview.refetch()} />
      {overview.isLoading ? <Loading /> : null}
      {overview.data ? (
        <DataTable
          columns={columns}
          rows={overview.data}
          rowKey={(r) => r.calendar.entity}
          rowProps={(r) => ({ 'data-testid': 'calendar-row', 'data-entity': r.calendar.entity })}
          testId="calendars-table"
          empty={<EmptyState title="No close calendars yet">Add one below, or with the catalog document&apos;s calendars: section.</EmptyState>}
        />
      ) : null}
      {historyOf ? (
        <ConfigHistory key={historyOf} kind="close_calendar" objectId={historyOf} title={`History of ${historyOf}`} onClose={() => setHistoryOf(null)} />
      ) : null}
      {canWrite ? (
        <form className="panel-body close-form" onSubmit={save} aria-label="Edit close calendar" data-testid="calendar-form">
          <div className="form-row">
            <label className="field">
              <span>Entity</span>
              <Input required pattern="[A-Za-z0-9][A-Za-z0-9._\-]*" value={entity} onChange={(e) => setEntity(e.target.value)} data-testid="calendar-entity" />
            </label>
          </div>
          <label className="field">
            <span>Calendar (JSON: timezone, workweek as ISO days, holidays, closeStart, deadline as WD±N, deadlineTime, periods)</span>
            <TextArea rows={12} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} data-testid="calendar-json" />
          </label>
          <div className="form-row">
            <Button type="submit" variant="primary" disabled={busy !== null} data-testid="save-calendar">
              {busy === 'save' ? 'Saving…' : 'Save calendar'}
            </Button>
            {entity && overview.data?.some((r) => r.calendar.entity === entity) ? (
              <Button variant="danger" onClick={() => void remove()} disabled={busy !== null}>
                Delete
              </Button>
            ) : null}
          </div>
          {error ? <ErrorBanner error={error} /> : null}
          <SuccessBanner text={notice} />
        </form>
      ) : null}
    </Panel>
  );
}
