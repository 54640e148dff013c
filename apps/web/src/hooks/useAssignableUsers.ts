import { EXCEPTION_ACTING_ROLES } from '@closewatch/contracts/exceptions';
import { type Role, type UserDto } from '@closewatch/contracts/roles';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { listUsers } from '../api/users';

export interface AssignableUsers {
  /** Active users who work exceptions; null when the role may not list users (type an email instead). */
  users: UserDto[] | null;
  error: unknown;
}

/** The people an exception can be assigned to, for a role that may list users (admins). */
export function useAssignableUsers(role: Role | undefined): AssignableUsers {
  const mayList = role === 'admin';
  const query = useQuery({ queryKey: queryKeys.users.all, queryFn: ({ signal }) => listUsers(signal), enabled: mayList });
  if (!mayList) return { users: null, error: undefined };
  const users = (query.data?.items ?? []).filter((u) => !u.disabledAt && (EXCEPTION_ACTING_ROLES as readonly Role[]).includes(u.role));
  return { users: query.data ? users : null, error: query.error ?? undefined };
}
