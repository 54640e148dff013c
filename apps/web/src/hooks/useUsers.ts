import { type Page } from '@closewatch/contracts/pagination';
import { type UserDto } from '@closewatch/contracts/roles';
import { listUsers } from '../api/users';
import { type ApiState, useApi } from './useApi';

export function useUsers(): ApiState<Page<UserDto>> {
  return useApi('users', (signal) => listUsers(signal));
}
