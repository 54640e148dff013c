import { type BulkBody, RESOLUTION_CODES } from '@closewatch/contracts/exceptions';
import { type UserDto } from '@closewatch/contracts/roles';
import { useState } from 'react';
import { ApiRequestError, errorText } from '../../api/api-error';
import { bulkExceptions } from '../../api/exceptions';
import { humanize } from '../../format/catalog';
import { AssigneePicker } from './AssigneePicker';
import { bulkProblems } from './bulk-problems';
import { Button } from '../../components/Button';
import { Input, Select } from '../../components/Input';

type ResolveCode = (typeof RESOLUTION_CODES)[number];

/**
 * Actions on the selected exceptions, all or nothing (one transaction on the server): assign,
 * acknowledge, resolve. A refusal lists every exception that could not make the step; on
 * success the page says what was done (the rows may leave the filtered list).
 */
export function BulkActionBar({
  ids,
  labelOf,
  users,
  onDone,
  onClear,
}: {
  ids: string[];
  labelOf(id: string): string;
  users: UserDto[] | null;
  onDone(notice: string): void;
  onClear(): void;
}) {
  const [assignee, setAssignee] = useState('');
  const [code, setCode] = useState<ResolveCode>('fixed');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; lines: string[] } | null>(null);

  async function run(body: BulkBody, done: string) {
    setBusy(true);
    setProblem(null);
    try {
      const res = await bulkExceptions(body);
      onDone(`${done} ${res.updated} exception${res.updated === 1 ? '' : 's'}.`);
    } catch (e) {
      const lines = e instanceof ApiRequestError ? bulkProblems(e.details, body.ids, labelOf) : [];
      setProblem({ message: e instanceof ApiRequestError ? e.message : errorText(e), lines });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="bulk-bar" data-testid="bulk-bar" role="region" aria-label="Bulk actions">
      <strong data-testid="bulk-count">{ids.length} selected</strong>
      <div className="bulk-group">
        <AssigneePicker users={users} value={assignee} onChange={setAssignee} testId="bulk-assignee" />
        <Button
          size="small"
          disabled={busy || !assignee.trim()}
          onClick={() => void run({ action: 'assign', ids, assignee: assignee.trim() }, 'Assigned')}
          data-testid="bulk-assign"
        >
          Assign
        </Button>
      </div>
      <Button size="small" disabled={busy} onClick={() => void run({ action: 'acknowledge', ids }, 'Acknowledged')} data-testid="bulk-acknowledge">
        Acknowledge
      </Button>
      <div className="bulk-group">
        <Select value={code} onChange={(e) => setCode(e.target.value as ResolveCode)} aria-label="Resolution code" data-testid="bulk-resolve-code">
          {RESOLUTION_CODES.map((c) => (
            <option key={c} value={c}>
              {humanize(c)}
            </option>
          ))}
        </Select>
        <Input
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="Note (optional)"
          aria-label="Resolution note"
          data-testid="bulk-resolve-note"
        />
        <Button
          size="small"
          variant="primary"
          disabled={busy}
          onClick={() => void run({ action: 'resolve', ids, code, note: note.trim() || undefined }, 'Resolved')}
          data-testid="bulk-resolve"
        >
          Resolve
        </Button>
      </div>
      <Button size="small" variant="quiet" onClick={onClear} disabled={busy}>
        Clear selection
      </Button>
      {problem ? (
        <div className="banner banner-error bulk-message" role="alert" data-testid="bulk-error">
          <div>
            {problem.message}
            {problem.lines.length ? (
              <ul className="problem-list">
                {problem.lines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}
