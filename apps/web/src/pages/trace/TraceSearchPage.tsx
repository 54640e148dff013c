import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import './trace.css';
import { Button } from '../../components/Button';
import { Input } from '../../components/Input';

const TRACE_ID = /^[0-9a-fA-F]{32}$/;

/** Open a trace by id (traces are also linked from lineage and hops). */
export default function TraceSearchPage() {
  const navigate = useNavigate();
  const [draft, setDraft] = useState('');
  const valid = TRACE_ID.test(draft.trim());

  function open(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (valid) void navigate(`/traces/${draft.trim().toLowerCase()}`);
  }

  return (
    <div className="page" data-testid="trace-search-page">
      <div className="page-header">
        <div>
          <h1>Traces</h1>
          <p className="muted">The spans of one trace as a waterfall, with the finance hops it carried.</p>
        </div>
      </div>
      <form className="search-bar" onSubmit={open} role="search">
        <label className="field grow">
          <span>Trace id</span>
          <Input
            className="mono"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="32 hexadecimal characters"
            aria-label="Trace id"
            aria-invalid={draft !== '' && !valid}
            data-testid="trace-search-input"
          />
        </label>
        <Button type="submit" variant="primary" disabled={!valid}>
          Open trace
        </Button>
      </form>
      {draft !== '' && !valid ? <p className="muted small">A trace id is 32 hexadecimal characters.</p> : null}
      <EmptyState title="Looking for a failed message?">Search its record key on the Lineage page and follow the trace link of the hop that failed.</EmptyState>
    </div>
  );
}
