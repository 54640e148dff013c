import { type BusinessEvent } from '@closewatch/contracts/events';

let seq = 0;

/**
 * Posts an invoice of the demo flow `coupa-to-oracle-invoices` that Oracle refuses (emitted a
 * minute ago, failed with `errorClass` 50 s ago) through the ingest API; the sync-health
 * evaluator raises it as a delivery failure. Fails unless both events are accepted.
 */
export async function postRefusedInvoice(baseUrl: string, ingestKey: string, recordKey: string, errorClass: 'target_rejected' | 'mapping'): Promise<void> {
  const at = (ago: number) => new Date(Date.now() - ago * 1000).toISOString();
  const event = (stage: BusinessEvent['stage'], ago: number, over: Partial<BusinessEvent> = {}): BusinessEvent => ({
    id: `refused-${recordKey}-${++seq}`,
    flow: 'coupa-to-oracle-invoices',
    recordKey,
    recordType: 'invoice',
    stage,
    system: stage === 'emitted' ? 'coupa' : 'oracle-fusion',
    occurredAt: at(ago),
    amount: '1250.00',
    currency: 'USD',
    entity: 'US01',
    period: at(0).slice(0, 7),
    ...over,
  });
  const res = await fetch(`${baseUrl}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
    body: JSON.stringify({
      events: [event('emitted', 60), event('failed', 50, { error: { class: errorClass, code: 'AP-409', message: 'Supplier site inactive' } })],
    }),
  });
  if (res.status !== 200) throw new Error(`events refused: ${res.status} ${await res.text()}`);
}
