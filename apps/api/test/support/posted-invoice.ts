import { type BusinessEvent } from '@closewatch/contracts/events';

/** A business event: an invoice of `flow` posted to netsuite now, 10.00 USD for US01 (its record key is its id unless given). */
export function postedInvoice(flow: string, id: string, recordKey = id): BusinessEvent {
  return {
    id,
    flow,
    recordKey,
    recordType: 'invoice',
    stage: 'posted',
    system: 'netsuite',
    occurredAt: new Date().toISOString(),
    amount: '10.00',
    currency: 'USD',
    entity: 'US01',
    period: '2026-11',
  };
}
