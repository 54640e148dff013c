import { ENTITY_CURRENCY, type RecordFlowSpec } from './flows';
import { type PlannedHop, type RecordJourney } from './model';
import { type HopTemplate } from './path';
import { randomAmount } from './money';
import { type Random } from './random';

/** Accounting period (YYYY-MM, UTC) of a moment. */
export function periodOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

export function eventId(rng: Random): string {
  return `evt_${rng.chars(24, '0123456789abcdef')}`;
}

const FOREIGN: Readonly<Record<string, readonly string[]>> = { USD: ['EUR', 'GBP', 'CAD'], GBP: ['USD', 'EUR'], EUR: ['USD', 'GBP', 'CHF'], MXN: ['USD'] };

/** The happy path of one record through its flow: every step of the flow's path, in order. */
export function planJourney(spec: RecordFlowSpec, recordKey: string, now: Date, rng: Random): RecordJourney {
  const entity = rng.pick(spec.entities);
  const home = ENTITY_CURRENCY[entity] ?? 'USD';
  const currency = spec.amount ? (rng.chance(0.1) ? rng.pick(FOREIGN[home] ?? ['USD']) : home) : null;
  const amount = spec.amount ? randomAmount(rng, spec.amount.min, spec.amount.max) : null;
  const period = periodOf(now);
  const attributes: Record<string, string | number> = {};
  if (spec.costCentres.length > 0) attributes['finance.cost_centre'] = rng.pick(spec.costCentres);
  Object.assign(attributes, recordAttributes(spec, rng));

  const data: RecordData = { recordKey, amount, currency, entity, period, attributes };
  let offsetMs = 0;
  let mapped = false;
  const hops: PlannedHop[] = spec.path.map((t) => {
    offsetMs += rng.int(t.afterMs[0], t.afterMs[1]);
    mapped ||= t.mapped;
    return hopOfStep(spec, t, data, offsetMs, mapped, rng);
  });
  return { scenario: spec.scenario, flow: spec.id, transport: spec.transport, recordKey, recordType: spec.recordType, fault: null, hops };
}

/** What every step of one record carries. */
export interface RecordData {
  recordKey: string;
  amount: string | null;
  currency: string | null;
  entity: string;
  period: string;
  attributes: Record<string, string | number>;
}

/** One step of the flow's path done for the record, `offsetMs` after its start, succeeding. */
export function hopOfStep(spec: RecordFlowSpec, t: HopTemplate, data: RecordData, offsetMs: number, mapped: boolean, rng: Random): PlannedHop {
  return {
    offsetMs,
    flow: spec.id,
    recordKey: data.recordKey,
    recordType: spec.recordType,
    stage: t.stage,
    system: t.system,
    status: 'ok',
    amount: data.amount,
    currency: data.currency,
    entity: data.entity,
    period: data.period,
    dataStatus: t.dataStatus,
    mappingVersion: mapped ? spec.mappingVersion : null,
    batchId: null,
    error: null,
    name: t.name,
    durationMs: rng.int(t.durationMs[0], t.durationMs[1]),
    attributes: { ...data.attributes },
    call: t.call ? { ...t.call, status: t.call.method === 'POST' ? 201 : 200 } : null,
    resendOf: null,
    eventId: eventId(rng),
  };
}

/** Business context a real system would attach (references, not finance attributes). */
function recordAttributes(spec: RecordFlowSpec, rng: Random): Record<string, string | number> {
  switch (spec.recordType) {
    case 'order':
      return { 'salesforce.opportunity.id': `006${rng.chars(15, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789')}` };
    case 'subscription':
      return {
        'stripe.customer': `cus_${rng.chars(14, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789')}`,
        'stripe.plan': rng.pick(['starter', 'growth', 'enterprise']),
      };
    case 'production_order':
      return { 'mes.work_centre': rng.pick(['WC-PRESS-03', 'WC-PAINT-01', 'WC-ASSY-07']), 'mes.quantity': rng.int(10, 5000) };
    case 'invoice':
      return { 'coupa.po_number': `PO-${rng.int(100000, 999999)}`, 'coupa.supplier': `SUP-${rng.int(10000, 99999)}` };
    case 'po':
      return { 'coupa.supplier': `SUP-${rng.int(10000, 99999)}` };
    default:
      return {};
  }
}
