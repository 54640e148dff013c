import { type Page } from '@closewatch/contracts/pagination';
import { type UserDto } from '@closewatch/contracts/roles';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../api/query-keys';
import { listUsers } from '../api/users';

export function useUsers(): UseQueryResult<Page<UserDto>> {
  return useQuery({ queryKey: queryKeys.users.all, queryFn: ({ signal }) => listUsers(signal) });
}
