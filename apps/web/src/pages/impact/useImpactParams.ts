import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSetParam } from '../../hooks/useSetParam';
import { periodParam, utcPeriod } from './impact-view';

/**
 * The impact pages' filters from the address: the period (the current UTC month unless a valid
 * one is given), the reporting currency as typed and as sent (only a full ISO code), the entity,
 * and a setter that drops a value equal to its default.
 */
export function useImpactParams() {
  const [params] = useSearchParams();
  const setParam = useSetParam();
  const today = useMemo(() => new Date(), []);
  const currency = params.get('currency') ?? '';
  return {
    params,
    period: periodParam(params.get('period'), today),
    currency,
    apiCurrency: /^[A-Z]{3}$/.test(currency) ? currency : '',
    entity: params.get('entity') ?? '',
    set: (key: string, value: string, fallback = '') => setParam(key, value || null, key === 'period' ? utcPeriod(today) : fallback),
  };
}
