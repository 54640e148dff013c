import { type LoginResponse, type UserDto } from '@closewatch/contracts/roles';
import { apiFetch } from './client';

export function login(email: string, password: string): Promise<LoginResponse> {
  return apiFetch<LoginResponse>('/api/v1/auth/login', { method: 'POST', body: { email, password } });
}

export function fetchMe(signal?: AbortSignal): Promise<UserDto> {
  return apiFetch<UserDto>('/api/v1/auth/me', { signal });
}

export function logout(): Promise<void> {
  return apiFetch<void>('/api/v1/auth/logout', { method: 'POST' });
}
