import { type Page } from '@closewatch/contracts/pagination';
import { type Role, type UserDto } from '@closewatch/contracts/roles';
import { apiFetch } from './client';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export interface UserChanges {
  name?: string;
  role?: Role;
  password?: string;
  disabled?: boolean;
}

export function listUsers(signal?: AbortSignal): Promise<Page<UserDto>> {
  return apiFetch<Page<UserDto>>('/api/v1/users', { signal });
}

export function createUser(user: NewUser): Promise<UserDto> {
  return apiFetch<UserDto>('/api/v1/users', { method: 'POST', body: user });
}

export function updateUser(id: string, changes: UserChanges): Promise<UserDto> {
  return apiFetch<UserDto>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });
}
