import { EXCEPTION_ACTING_ROLES } from '@closewatch/contracts/exceptions';
import { type Role } from '@closewatch/contracts/roles';
import { type EntityManager } from 'typeorm';
import { ApiError } from '../common/api-error';
import { findUser, type UserRow } from './exceptions.queries';

/** Roles that work exceptions (assign, acknowledge, resolve, dismiss, approve, reopen, comment). */
export const ACTING_ROLES = EXCEPTION_ACTING_ROLES;

/**
 * The user an exception may be assigned to: exists, is not disabled, and has a role that works
 * exceptions. Anything else is a 400 naming `field`.
 */
export async function resolveAssignee(m: EntityManager, ref: string, field = 'assignee'): Promise<UserRow> {
  const user = await findUser(m, ref);
  if (!user) throw ApiError.field(field, `is not a known user (give a user id or email): ${ref}`);
  if (user.disabled_at) throw ApiError.field(field, `is a disabled user: ${user.email}`);
  if (!(ACTING_ROLES as readonly Role[]).includes(user.role)) {
    throw ApiError.field(field, `is a ${user.role}, who cannot work exceptions (needs ${ACTING_ROLES.join(', ')}): ${user.email}`);
  }
  return user;
}
