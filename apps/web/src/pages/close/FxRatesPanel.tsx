import { type FxRateDto } from '@closewatch/contracts/close';
import { type FormEvent, useState } from 'react';
import { putFxRates } from '../../api/close';
import { EmptyState } from '../../components/EmptyState';
import { type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SuccessBanner } from '../../components/SuccessBanner';
import { Panel } from '../../components/Panel';
import { ResourceTable } from '../../components/ResourceTable';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useFxRates } from '../../hooks/useFxRates';
import { useSession } from '../../hooks/useSession';
import { Button } from '../../components/Button';
import { Input, TextArea } from '../../components/Input';

const columns: Column<FxRateDto>[] = [
  { header: 'Date', cell: (r) => r.date },
  { header: 'Pair', cell: (r) => `${r.base}/${r.quote}` },
  { header: 'Rate', numeric: true, cell: (r) => <span title={`1 ${r.base} = ${r.rate} ${r.quote}`}>{r.rate}</span> },
];

/** FX rates, newest first (1 base = rate quote); admins and finance ops add a date's rates. */
export function FxRatesPanel() {
  const [base, setBase] = useState('');
  const rates = useFxRates(base);
  const { user } = useSession();
  const canWrite = user?.role === 'admin' || user?.role === 'finance_ops';
  const [form, setForm] = useState({ date: new Date().toISOString().slice(0, 10), base: 'USD', rates: '{\n  "EUR": "0.9215"\n}' });
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, setError, run } = useBusyAction();

  function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setNotice(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(form.rates);
    } catch (err) {
      setError(`The rates are not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    void run('save', async () => {
      const saved = await putFxRates({ date: form.date, base: form.base.trim().toUpperCase(), rates: parsed });
      setNotice(`Saved ${Object.keys(saved.rates).length} ${saved.base} rates of ${saved.date}.`);
      void rates.refetch();
    });
  }

  return (
    <Panel
      title="FX rates"
      testId="fx-rates-panel"
      actions={
        <label className="field field-inline">
          <span>Base</span>
          <Input value={base} maxLength={3} placeholder="any" onChange={(e) => setBase(e.target.value.toUpperCase())} data-testid="fx-base-filter" />
        </label>
      }
    >
      <p className="panel-body muted small">
        A conversion for a period uses the latest rate dated on or before the period&apos;s last day: directly, inverted, or through a common base.
      </p>
      <ResourceTable
        resource={rates}
        columns={columns}
        rowKey={(r) => `${r.date}/${r.base}/${r.quote}`}
        rowProps={() => ({ 'data-testid': 'fx-rate-row' })}
        testId="fx-rates-table"
        empty={<EmptyState title="No FX rates">Amounts in another currency are not converted: severity, cash and metrics say so.</EmptyState>}
      />
      {canWrite ? (
        <form className="panel-body close-form" onSubmit={save} aria-label="Save FX rates" data-testid="fx-form">
          <div className="form-row">
            <label className="field">
              <span>Date</span>
              <Input type="date" required value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
            </label>
            <label className="field">
              <span>Base</span>
              <Input required maxLength={3} value={form.base} onChange={(e) => setForm({ ...form, base: e.target.value })} />
            </label>
          </div>
          <label className="field">
            <span>Rates of that date (JSON, 1 base = rate quote; replaces the base&apos;s rates of the date)</span>
            <TextArea rows={5} spellCheck={false} value={form.rates} onChange={(e) => setForm({ ...form, rates: e.target.value })} data-testid="fx-json" />
          </label>
          <div className="form-row">
            <Button type="submit" variant="primary" disabled={busy !== null}>
              {busy === 'save' ? 'Saving…' : 'Save rates'}
            </Button>
          </div>
          {error ? <ErrorBanner error={error} /> : null}
          <SuccessBanner text={notice} />
        </form>
      ) : null}
    </Panel>
  );
}
