import { type FxRateDto } from '@closewatch/contracts/close';
import { type Page } from '@closewatch/contracts/pagination';
import { listFxRates } from '../api/close';
import { type ApiState, useApi } from './useApi';

/** The 60 newest FX rates, optionally of one base. */
export function useFxRates(base: string): ApiState<Page<FxRateDto>> {
  return useApi(`fx-rates:${base}`, (signal) => listFxRates({ base: base || undefined, limit: 60 }, signal));
}
