import { type Page } from '@closewatch/contracts/pagination';
import { type ConnectionDto } from '@closewatch/contracts/recon';
import { listConnections } from '../api/connections';
import { type ApiState, useApi } from './useApi';

/** Named database connections for postgres datasets (never their URLs). */
export function useConnections(): ApiState<Page<ConnectionDto>> {
  return useApi('connections', (signal) => listConnections(signal));
}
