import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { downloadExceptions } from '../../api/exceptions';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ExportButton } from '../../components/ExportButton';
import { Loading } from '../../components/Loading';
import { Panel } from '../../components/Panel';
import { UtcTime } from '../../components/UtcTime';
import { useAssignableUsers } from '../../hooks/useAssignableUsers';
import { useDebounced } from '../../hooks/useDebounced';
import { useExceptionAging } from '../../hooks/useExceptionAging';
import { useExceptionQueue } from '../../hooks/useExceptionQueue';
import { useSession } from '../../hooks/useSession';
import { useSocket } from '../../hooks/useSocket';
import { AgingPanel } from './AgingPanel';
import { BulkActionBar } from './BulkActionBar';
import { ExceptionDrawer } from './ExceptionDrawer';
import { ExceptionTable } from './ExceptionTable';
import { QueueFilterBar } from './QueueFilterBar';
import { mayActOnExceptions } from './exception-actions';
import { type QueueFilters, queueParams, readQueueFilters, toApiFilters } from './queue-filters';
import './exceptions.css';
import { Button } from '../../components/Button';

const NO_IDS: ReadonlySet<string> = new Set();

export default function ExceptionsPage() {
  const { user } = useSession();
  const { status: live } = useSocket();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readQueueFilters(params), [params]);
  const openId = params.get('open');
  // Typing in a filter fetches once it pauses; the address follows every key.
  const settledKey = useDebounced(JSON.stringify(toApiFilters(filters)), 300);
  const apiFilters = useMemo(() => JSON.parse(settledKey) as ReturnType<typeof toApiFilters>, [settledKey]);
  const queue = useExceptionQueue(apiFilters);
  const aging = useExceptionAging(apiFilters);
  const { users } = useAssignableUsers(user?.role);
  const mayAct = user ? mayActOnExceptions(user.role) : false;
  const [selected, setSelected] = useState<ReadonlySet<string>>(NO_IDS);
  const [notice, setNotice] = useState<string | null>(null);

  const setFilters = (next: QueueFilters) => setParams(queueParams(next, openId), { replace: true });
  const open = (id: string) => setParams(queueParams(filters, id));
  const close = useCallback(
    () =>
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.delete('open');
        return next;
      }),
    [setParams],
  );

  // Only rows still shown stay selected (a live change may take rows out of the filtered list).
  const shownIds = new Set(queue.items.map((e) => e.id));
  const selectedIds = [...selected].filter((id) => shownIds.has(id));
  const labelOf = (id: string) => {
    const e = queue.items.find((i) => i.id === id);
    return e ? (e.recordKey ?? e.runId ?? e.title) : id;
  };
  const changed = useMemo(() => new Set(queue.lastChange?.exceptionIds ?? []), [queue.lastChange]);
  const assigneeOptions = (users ?? []).map((u) => ({ value: u.email, label: u.name || u.email }));

  if (!user) return null;
  return (
    <div className="page" data-testid="exceptions-page">
      <div className="page-header">
        <div>
          <h1>Exceptions</h1>
          <p className="muted">
            Everything a person must look at: failed deliveries, delays past SLO, missed runs, unmapped values, reconciliation breaks. Updates live; times are
            UTC.
          </p>
        </div>
        <div className="panel-actions">
          <ExportButton formats={['csv', 'json']} download={(format) => downloadExceptions(apiFilters, format)} testId="export" size="normal" />
        </div>
      </div>
      <AgingPanel aging={aging} selected={filters.ageBucket} onSelect={(ageBucket) => setFilters({ ...filters, ageBucket })} />

      <div className={`drawer-layout${openId ? ' with-drawer' : ''}`}>
        <Panel
          className="queue-panel"
          title="Queue"
          testId="exception-queue"
          actions={
            <span className="muted small" data-testid="queue-live">
              {live === 'live' ? (
                <>
                  {queue.items.length}
                  {queue.hasMore ? '+' : ''} shown · live
                  {queue.lastChange ? (
                    <>
                      , last change <UtcTime iso={queue.lastChange.at} />
                    </>
                  ) : null}
                </>
              ) : (
                'live updates paused (stream not connected)'
              )}
            </span>
          }
        >
          <QueueFilterBar filters={filters} onChange={setFilters} assignees={assigneeOptions} />
          {filters.incident ? (
            <div className="filter-note small" data-testid="incident-filter">
              Exceptions of <Link to={`/incidents/${encodeURIComponent(filters.incident)}`}>incident {filters.incident.slice(0, 8)}</Link>{' '}
              <button type="button" className="linklike" onClick={() => setFilters({ ...filters, incident: '' })}>
                show all
              </button>
            </div>
          ) : null}
          {mayAct && selectedIds.length ? (
            <BulkActionBar
              ids={selectedIds}
              labelOf={labelOf}
              users={users}
              onDone={(text) => {
                setNotice(text);
                setSelected(NO_IDS);
                queue.refresh();
              }}
              onClear={() => setSelected(NO_IDS)}
            />
          ) : null}
          {notice ? (
            <div className="banner banner-success queue-notice" role="status" data-testid="bulk-notice">
              <span>{notice}</span>
              <Button size="small" variant="quiet" onClick={() => setNotice(null)}>
                Dismiss
              </Button>
            </div>
          ) : null}
          <ErrorBanner error={queue.error} onRetry={queue.refresh} />
          {queue.items.length ? (
            <ExceptionTable
              items={queue.items}
              changed={changed}
              openId={openId}
              onOpen={open}
              compact={openId !== null}
              selection={
                mayAct
                  ? {
                      selected: new Set(selectedIds),
                      toggle: (id) =>
                        setSelected((s) => {
                          const next = new Set(s);
                          if (next.has(id)) next.delete(id);
                          else next.add(id);
                          return next;
                        }),
                      toggleAll: (ids, on) => setSelected(on ? new Set(ids) : NO_IDS),
                    }
                  : null
              }
            />
          ) : queue.loading ? (
            <Loading />
          ) : queue.error ? null : (
            <EmptyState title="No exceptions match">
              Nothing needs attention with these filters. New exceptions appear here as soon as they are found.
            </EmptyState>
          )}
          {queue.hasMore ? (
            <div className="list-footer">
              <Button size="small" onClick={queue.loadMore} disabled={queue.loading} data-testid="load-more">
                Load more
              </Button>
            </div>
          ) : null}
        </Panel>
        {openId ? <ExceptionDrawer key={openId} id={openId} me={user} users={users} onClose={close} /> : null}
      </div>
    </div>
  );
}
