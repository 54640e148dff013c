import { type Page } from '@closewatch/contracts/pagination';
import { type UserDto } from '@closewatch/contracts/roles';
import { type NewUser, type UserChanges } from '@closewatch/contracts/users';
import { apiFetch } from './client';

export function listUsers(signal?: AbortSignal): Promise<Page<UserDto>> {
  return apiFetch<Page<UserDto>>('/api/v1/users', { signal });
}

export function createUser(user: NewUser): Promise<UserDto> {
  return apiFetch<UserDto>('/api/v1/users', { method: 'POST', body: user });
}

export function updateUser(id: string, changes: UserChanges): Promise<UserDto> {
  return apiFetch<UserDto>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });
}
