import { ROLES, type Role, type UserDto } from '@closewatch/contracts/roles';
import { type FormEvent, useState } from 'react';
import { errorText } from '../../api/api-error';
import { createUser, updateUser } from '../../api/users';
import { ErrorBanner, Loading, Panel } from '../../components/Feedback';
import { UtcTime } from '../../components/UtcTime';
import { humanize } from '../../format/catalog';
import { useSession } from '../../hooks/useSession';
import { useUsers } from '../../hooks/useUsers';

const EMPTY = { email: '', name: '', role: 'viewer' as Role, password: '' };

export function UsersPanel() {
  const users = useUsers();
  const { user: me } = useSession();
  const [form, setForm] = useState(EMPTY);
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy('create');
    setFormError(null);
    setNotice(null);
    try {
      const created = await createUser({ ...form, email: form.email.trim(), name: form.name.trim() });
      setForm(EMPTY);
      setNotice(`Created ${created.email} (${humanize(created.role)}).`);
      users.reload();
    } catch (err) {
      setFormError(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  async function setDisabled(u: UserDto, disabled: boolean) {
    setBusy(u.id);
    setFormError(null);
    setNotice(null);
    try {
      await updateUser(u.id, { disabled });
      setNotice(`${u.email} is ${disabled ? 'disabled; their sessions ended' : 'enabled again'}.`);
      users.reload();
    } catch (err) {
      setFormError(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Panel title="Users" testId="users-panel">
      <form className="panel-body admin-form" onSubmit={(e) => void create(e)} aria-label="Create user" data-testid="create-user-form">
        <div className="form-row">
          <label className="field">
            <span>Email</span>
            <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} data-testid="new-user-email" />
          </label>
          <label className="field">
            <span>Name</span>
            <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="new-user-name" />
          </label>
          <label className="field">
            <span>Role</span>
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} data-testid="new-user-role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {humanize(r)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Initial password</span>
            <input type="password" required minLength={8} autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} data-testid="new-user-password" />
          </label>
          <button type="submit" className="button button-primary" disabled={busy !== null} data-testid="create-user">
            {busy === 'create' ? 'Creating…' : 'Create user'}
          </button>
        </div>
        {formError ? <ErrorBanner error={formError} /> : null}
        {notice ? (
          <div className="banner banner-success" role="status">
            {notice}
          </div>
        ) : null}
      </form>
      <ErrorBanner error={users.error} onRetry={users.reload} />
      {users.loading && !users.data ? <Loading /> : null}
      {users.data ? (
        <div className="table-wrap">
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id} data-testid="user-row" data-email={u.email}>
                  <td>
                    <strong>{u.name}</strong>
                    <div className="small muted">{u.email}</div>
                  </td>
                  <td>{humanize(u.role)}</td>
                  <td>
                    <UtcTime iso={u.createdAt} />
                  </td>
                  <td>{u.disabledAt ? <span className="badge tone-bad">disabled</span> : <span className="badge tone-ok">active</span>}</td>
                  <td className="num">
                    {u.id === me?.id ? (
                      <span className="muted small">you</span>
                    ) : u.disabledAt ? (
                      <button type="button" className="button button-small" onClick={() => void setDisabled(u, false)} disabled={busy !== null}>
                        Enable
                      </button>
                    ) : (
                      <button type="button" className="button button-small button-danger" onClick={() => void setDisabled(u, true)} disabled={busy !== null} data-testid="disable-user">
                        Disable
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Panel>
  );
}
