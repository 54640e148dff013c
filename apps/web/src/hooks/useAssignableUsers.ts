import { EXCEPTION_ACTING_ROLES } from '@closewatch/contracts/exceptions';
import { type Role, type UserDto } from '@closewatch/contracts/roles';
import { listUsers } from '../api/users';
import { useApi } from './useApi';

export interface AssignableUsers {
  /** Active users who work exceptions; null when the role may not list users (type an email instead). */
  users: UserDto[] | null;
  error: unknown;
}

/** The people an exception can be assigned to, for a role that may list users (admins). */
export function useAssignableUsers(role: Role | undefined): AssignableUsers {
  const mayList = role === 'admin';
  const state = useApi(mayList ? 'users:assignable' : null, (signal) => listUsers(signal));
  if (!mayList) return { users: null, error: undefined };
  const users = (state.data?.items ?? []).filter((u) => !u.disabledAt && (EXCEPTION_ACTING_ROLES as readonly Role[]).includes(u.role));
  return { users: state.data ? users : null, error: state.error };
}
