import { type UserDto } from '@closewatch/contracts/roles';
import { humanize } from '../../format/catalog';
import { Input, Select } from '../../components/Input';

/**
 * Who to assign to: a choice of the people who work exceptions when the user may list users
 * (admins), otherwise an email typed in (the API checks it and says who cannot be assigned).
 */
export function AssigneePicker({ users, value, onChange, testId }: { users: UserDto[] | null; value: string; onChange(v: string): void; testId: string }) {
  if (users) {
    return (
      <Select value={value} onChange={(e) => onChange(e.target.value)} aria-label="Assignee" data-testid={testId}>
        <option value="">Choose a person…</option>
        {users.map((u) => (
          <option key={u.id} value={u.email}>
            {u.name ? `${u.name} (${u.email})` : u.email} · {humanize(u.role)}
          </option>
        ))}
      </Select>
    );
  }
  return (
    <Input
      type="email"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      placeholder="colleague@company.com"
      aria-label="Assignee email"
      data-testid={testId}
    />
  );
}
