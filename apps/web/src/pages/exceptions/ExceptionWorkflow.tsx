import { type ExceptionDetailDto, RESOLUTION_CODES } from '@closewatch/contracts/exceptions';
import { type UserDto } from '@closewatch/contracts/roles';
import { type FormEvent, useState } from 'react';
import { errorText } from '../../api/api-error';
import {
  acknowledgeException,
  approveDismissal,
  assignException,
  dismissException,
  rejectDismissal,
  reopenException,
  resolveException,
} from '../../api/exceptions';
import { humanize } from '../../format/catalog';
import { AssigneePicker } from './AssigneePicker';
import { FormButtons } from './FormButtons';
import { exceptionActions } from './exception-actions';
import { Button } from '../../components/Button';
import { Select, TextArea } from '../../components/Input';
import { DrawerSection } from '../../components/Drawer';

type ResolveCode = (typeof RESOLUTION_CODES)[number];
type Form = 'resolve' | 'dismiss' | null;

interface Props {
  exception: ExceptionDetailDto;
  me: UserDto;
  users: UserDto[] | null;
  /** Called with what was done after the server accepted it. */
  onChanged(notice: string): void;
}

/**
 * The workflow actions the user may take on the exception now. Whatever the server refuses
 * (409 invalid transition, 403, 400) is shown here, with its message.
 */
export function ExceptionWorkflow({ exception: e, me, users, onChanged }: Props) {
  const actions = exceptionActions(e, me);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<Form>(null);
  const [assignee, setAssignee] = useState('');
  const [code, setCode] = useState<ResolveCode>('fixed');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');

  async function act<T>(name: string, call: () => Promise<T>, notice: string | ((result: T) => string)) {
    setBusy(name);
    setError(null);
    try {
      const result = await call();
      setForm(null);
      setNote('');
      setReason('');
      setAssignee('');
      onChanged(typeof notice === 'string' ? notice : notice(result));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  const submitResolve = (ev: FormEvent) => {
    ev.preventDefault();
    void act('resolve', () => resolveException(e.id, code, note.trim() || undefined), `Resolved as ${humanize(code).toLowerCase()}.`);
  };
  const submitDismiss = (ev: FormEvent) => {
    ev.preventDefault();
    void act(
      'dismiss',
      () => dismissException(e.id, reason),
      (d) => (d.dismissal?.pendingApproval ? 'Dismissal requested: at or above materiality, a second person must approve it.' : 'Dismissed.'),
    );
  };
  const disabled = busy !== null;

  return (
    <DrawerSection className="workflow" aria-label="Workflow" data-testid="exception-workflow">
      {actions.assign.shown ? (
        <div className="workflow-row">
          <AssigneePicker users={users} value={assignee} onChange={setAssignee} testId="assignee-input" />
          <Button
            size="small"
            disabled={disabled || !assignee.trim()}
            onClick={() => void act('assign', () => assignException(e.id, assignee.trim()), `Assigned to ${assignee.trim()}.`)}
            data-testid="action-assign"
          >
            Assign
          </Button>
          {e.assignee?.id !== me.id ? (
            <Button
              size="small"
              disabled={disabled}
              onClick={() => void act('assign-me', () => assignException(e.id, me.id), 'Assigned to you.')}
              data-testid="action-assign-me"
            >
              Assign to me
            </Button>
          ) : null}
          {e.assignee ? (
            <Button
              size="small"
              variant="quiet"
              disabled={disabled}
              onClick={() => void act('unassign', () => assignException(e.id, null), 'Unassigned.')}
              data-testid="action-unassign"
            >
              Unassign
            </Button>
          ) : null}
        </div>
      ) : null}

      <div className="workflow-row">
        {actions.acknowledge.shown ? (
          <Button
            size="small"
            disabled={disabled}
            onClick={() => void act('acknowledge', () => acknowledgeException(e.id), 'Acknowledged.')}
            data-testid="action-acknowledge"
          >
            Acknowledge
          </Button>
        ) : null}
        {actions.resolve.shown ? (
          <Button
            size="small"
            pressed={form === 'resolve'}
            disabled={disabled}
            onClick={() => setForm(form === 'resolve' ? null : 'resolve')}
            aria-expanded={form === 'resolve'}
            data-testid="action-resolve"
          >
            Resolve…
          </Button>
        ) : null}
        {actions.dismiss.shown ? (
          <Button
            size="small"
            pressed={form === 'dismiss'}
            disabled={disabled}
            onClick={() => setForm(form === 'dismiss' ? null : 'dismiss')}
            aria-expanded={form === 'dismiss'}
            data-testid="action-dismiss"
          >
            Dismiss…
          </Button>
        ) : null}
        {actions.approveDismissal.shown ? (
          <Button
            size="small"
            variant="primary"
            disabled={disabled || actions.approveDismissal.blocked !== undefined}
            title={actions.approveDismissal.blocked}
            onClick={() => void act('approve', () => approveDismissal(e.id), 'Dismissal approved.')}
            data-testid="action-approve-dismissal"
          >
            Approve dismissal
          </Button>
        ) : null}
        {actions.rejectDismissal.shown ? (
          <Button
            size="small"
            variant="danger"
            disabled={disabled}
            onClick={() => void act('reject', () => rejectDismissal(e.id), 'Dismissal rejected.')}
            data-testid="action-reject-dismissal"
          >
            Reject dismissal
          </Button>
        ) : null}
        {actions.reopen.shown ? (
          <Button size="small" disabled={disabled} onClick={() => void act('reopen', () => reopenException(e.id), 'Reopened.')} data-testid="action-reopen">
            Reopen
          </Button>
        ) : null}
      </div>
      {actions.approveDismissal.blocked ? (
        <p className="small muted" data-testid="approval-hint">
          {actions.approveDismissal.blocked}
        </p>
      ) : null}

      {form === 'resolve' ? (
        <form className="workflow-form" onSubmit={submitResolve} aria-label="Resolve" data-testid="resolve-form">
          <label className="field">
            <span>Resolution code</span>
            <Select value={code} onChange={(ev) => setCode(ev.target.value as ResolveCode)} data-testid="resolve-code">
              {RESOLUTION_CODES.map((c) => (
                <option key={c} value={c}>
                  {humanize(c)}
                </option>
              ))}
            </Select>
          </label>
          <label className="field">
            <span>Note</span>
            <TextArea rows={2} value={note} onChange={(ev) => setNote(ev.target.value)} placeholder="What was done (optional)" data-testid="resolve-note" />
          </label>
          <FormButtons label={busy === 'resolve' ? 'Resolving…' : 'Resolve'} disabled={disabled} testId="resolve-submit" onCancel={() => setForm(null)} />
        </form>
      ) : null}

      {form === 'dismiss' ? (
        <form className="workflow-form" onSubmit={submitDismiss} aria-label="Dismiss" data-testid="dismiss-form">
          <label className="field">
            <span>Reason</span>
            <TextArea
              rows={2}
              value={reason}
              onChange={(ev) => setReason(ev.target.value)}
              placeholder="Why this needs no action"
              data-testid="dismiss-reason"
            />
          </label>
          <p className="small muted">At or above the flow&apos;s materiality a second person must approve the dismissal.</p>
          <FormButtons label={busy === 'dismiss' ? 'Dismissing…' : 'Dismiss'} disabled={disabled} testId="dismiss-submit" onCancel={() => setForm(null)} />
        </form>
      ) : null}

      {error ? (
        <div className="banner banner-error" role="alert" data-testid="workflow-error">
          {error}
        </div>
      ) : null}
    </DrawerSection>
  );
}
