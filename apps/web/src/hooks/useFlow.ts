import { type FlowDto } from '@closewatch/contracts/catalog';
import { getFlow } from '../api/flows';
import { type ApiState, useApi } from './useApi';

/** One catalog flow; a 404 means the flow id is not registered. */
export function useFlow(id: string): ApiState<FlowDto> {
  return useApi(`flow:${id}`, (signal) => getFlow(id, signal));
}
