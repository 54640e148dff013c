import { type SystemDto } from '@closewatch/contracts/catalog';
import { type Page } from '@closewatch/contracts/pagination';
import { listSystems } from '../api/flows';
import { type ApiState, useApi } from './useApi';

export function useSystems(): ApiState<Page<SystemDto>> {
  return useApi('systems', (signal) => listSystems(signal));
}
