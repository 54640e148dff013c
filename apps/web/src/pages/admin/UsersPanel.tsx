import { ROLES, type Role, type UserDto } from '@closewatch/contracts/roles';
import { type FormEvent, useState } from 'react';
import { createUser, updateUser } from '../../api/users';
import { EmptyState } from '../../components/EmptyState';
import { type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SuccessBanner } from '../../components/SuccessBanner';
import { Panel } from '../../components/Panel';
import { ResourceTable } from '../../components/ResourceTable';
import { UtcTime } from '../../components/UtcTime';
import { humanize } from '../../format/catalog';
import { useBusyAction } from '../../hooks/useBusyAction';
import { useSession } from '../../hooks/useSession';
import { useUsers } from '../../hooks/useUsers';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { Input, Select } from '../../components/Input';

const EMPTY = { email: '', name: '', role: 'viewer' as Role, password: '' };

export function UsersPanel() {
  const users = useUsers();
  const { user: me } = useSession();
  const [form, setForm] = useState(EMPTY);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error: formError, run } = useBusyAction();

  function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setNotice(null);
    void run('create', async () => {
      const created = await createUser({ ...form, email: form.email.trim(), name: form.name.trim() });
      setForm(EMPTY);
      setNotice(`Created ${created.email} (${humanize(created.role)}).`);
      void users.refetch();
    });
  }

  function setDisabled(u: UserDto, disabled: boolean) {
    setNotice(null);
    void run(u.id, async () => {
      await updateUser(u.id, { disabled });
      setNotice(`${u.email} is ${disabled ? 'disabled; their sessions ended' : 'enabled again'}.`);
      void users.refetch();
    });
  }

  const columns: Column<UserDto>[] = [
    {
      header: 'User',
      cell: (u) => (
        <>
          <strong>{u.name}</strong>
          <div className="small muted">{u.email}</div>
        </>
      ),
    },
    { header: 'Role', cell: (u) => humanize(u.role) },
    { header: 'Created', cell: (u) => <UtcTime iso={u.createdAt} /> },
    { header: 'Status', cell: (u) => (u.disabledAt ? <Badge tone="bad">disabled</Badge> : <Badge tone="ok">active</Badge>) },
    {
      header: 'Actions',
      hiddenHeader: true,
      numeric: true,
      cell: (u) =>
        u.id === me?.id ? (
          <span className="muted small">you</span>
        ) : u.disabledAt ? (
          <Button size="small" onClick={() => setDisabled(u, false)} disabled={busy !== null}>
            Enable
          </Button>
        ) : (
          <Button size="small" variant="danger" onClick={() => setDisabled(u, true)} disabled={busy !== null} data-testid="disable-user">
            Disable
          </Button>
        ),
    },
  ];

  return (
    <Panel title="Users" testId="users-panel">
      <form className="panel-body admin-form" onSubmit={create} aria-label="Create user" data-testid="create-user-form">
        <div className="form-row">
          <label className="field">
            <span>Email</span>
            <Input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} data-testid="new-user-email" />
          </label>
          <label className="field">
            <span>Name</span>
            <Input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="new-user-name" />
          </label>
          <label className="field">
            <span>Role</span>
            <Select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })} data-testid="new-user-role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {humanize(r)}
                </option>
              ))}
            </Select>
          </label>
          <label className="field">
            <span>Initial password</span>
            <Input
              type="password"
              required
              minLength={8}
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
              data-testid="new-user-password"
            />
          </label>
          <Button type="submit" variant="primary" disabled={busy !== null} data-testid="create-user">
            {busy === 'create' ? 'Creating…' : 'Create user'}
          </Button>
        </div>
        {formError ? <ErrorBanner error={formError} /> : null}
        <SuccessBanner text={notice} />
      </form>
      <ResourceTable
        resource={users}
        columns={columns}
        rowKey={(u) => u.id}
        rowProps={(u) => ({ 'data-testid': 'user-row', 'data-email': u.email })}
        testId="users-table"
        empty={<EmptyState title="No users yet" />}
      />
    </Panel>
  );
}
