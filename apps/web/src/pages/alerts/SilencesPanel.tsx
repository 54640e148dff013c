import { type SilenceDto } from '@closewatch/contracts/alerts';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { createSilence, expireSilence } from '../../api/alerts';
import { queryKeys } from '../../api/query-keys';
import { EmptyState } from '../../components/EmptyState';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FilterSelect } from '../../components/FilterSelect';
import { Input, TextArea } from '../../components/Input';
import { Panel } from '../../components/Panel';
import { ResourceTable } from '../../components/ResourceTable';
import { UtcTime } from '../../components/UtcTime';
import { useSilences } from '../../hooks/useAlerts';
import { useBusyAction } from '../../hooks/useBusyAction';

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString().slice(0, 16);

/** Silences: admin, it_ops and finance_ops add and expire them (never deleted); everyone reads. */
export function SilencesPanel({ canAct }: { canAct: boolean }) {
  const [state, setState] = useState('active');
  const silences = useSilences(state);
  const queryClient = useQueryClient();
  const { busy, error, setError, run } = useBusyAction();
  const [form, setForm] = useState({ matchers: '{\n  "flow": "coupa-to-netsuite"\n}', endsAt: inHours(2), comment: '' });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: [...queryKeys.alerts.all, 'silences'] });

  function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    let matchers: unknown;
    try {
      matchers = JSON.parse(form.matchers);
    } catch (err) {
      setError(`Matchers must be JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    void run('create', async () => {
      await createSilence({ matchers: matchers as SilenceDto['matchers'], endsAt: new Date(`${form.endsAt}Z`).toISOString(), comment: form.comment.trim() });
      setForm({ ...form, comment: '' });
      refresh();
    });
  }

  const expire = (s: SilenceDto) =>
    void run(s.id, async () => {
      await expireSilence(s.id);
      refresh();
    });

  const columns: Column<SilenceDto>[] = [
    { header: 'State', cell: (s) => <Badge tone={s.state === 'active' ? 'warn' : 'idle'}>{s.state}</Badge> },
    {
      header: 'Matchers',
      className: 'mono small',
      cell: (s) =>
        Object.entries(s.matchers)
          .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
          .join(' '),
    },
    {
      header: 'From – until (UTC)',
      className: 'small',
      cell: (s) => (
        <>
          <UtcTime iso={s.startsAt} /> – <UtcTime iso={s.endsAt} />
        </>
      ),
    },
    { header: 'Comment', className: 'small', cell: (s) => s.comment },
    { header: 'Author', className: 'small', cell: (s) => s.createdBy ?? '—' },
    ...(canAct
      ? [
          {
            header: 'Actions',
            hiddenHeader: true,
            numeric: true,
            cell: (s: SilenceDto) =>
              s.state === 'expired' ? null : (
                <Button size="small" onClick={() => expire(s)} disabled={busy !== null} data-testid="silence-expire">
                  Expire
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <Panel
      title="Silences"
      testId="silences-panel"
      actions={
        <FilterSelect
          label="Show"
          value={state}
          onChange={setState}
          options={[
            { value: 'active', label: 'Active' },
            { value: 'pending', label: 'Not started' },
            { value: 'expired', label: 'Expired' },
            { value: 'all', label: 'All' },
          ]}
          testId="silences-state"
        />
      }
    >
      {canAct ? (
        <form className="panel-body alert-form" onSubmit={create} aria-label="Add silence" data-testid="silence-form">
          <label className="field grow">
            <span>Matchers (JSON: flow, type, severity, impact, entity, owner)</span>
            <TextArea rows={3} value={form.matchers} onChange={(e) => setForm({ ...form, matchers: e.target.value })} data-testid="silence-matchers" />
          </label>
          <label className="field">
            <span>Until (UTC)</span>
            <Input
              type="datetime-local"
              required
              value={form.endsAt}
              onChange={(e) => setForm({ ...form, endsAt: e.target.value })}
              data-testid="silence-ends"
            />
          </label>
          <label className="field grow">
            <span>Comment</span>
            <Input
              required
              value={form.comment}
              onChange={(e) => setForm({ ...form, comment: e.target.value })}
              placeholder="ERP maintenance"
              data-testid="silence-comment"
            />
          </label>
          <Button type="submit" variant="primary" disabled={busy !== null} data-testid="silence-create">
            {busy === 'create' ? 'Saving…' : 'Add silence'}
          </Button>
        </form>
      ) : null}
      <ErrorBanner error={error} />
      <ResourceTable
        resource={silences}
        columns={columns}
        rowKey={(s) => s.id}
        rowProps={(s) => ({ 'data-testid': 'silence-row', 'data-state': s.state })}
        testId="silences-table"
        empty={<EmptyState title={NO_SILENCES[state] ?? 'No silences'} />}
      />
    </Panel>
  );
}

/** What an empty list says for each choice of the Show filter. */
const NO_SILENCES: Readonly<Record<string, string>> = {
  active: 'No active silences: every matching incident alerts',
  pending: 'No silences waiting to start',
  expired: 'No expired silences',
  all: 'No silences',
};
