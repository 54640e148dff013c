import { type RecordFlowSpec } from './flows';
import { eventId } from './journey';
import { type PlannedHop, type RecordFaultKind, type RecordJourney } from './model';
import { AMOUNT_DEFECTS, applyAmountDefect } from './money';
import { type Random } from './random';

/**
 * Fault injection: each function turns a happy-path journey into the data a real failure of
 * that kind leaves behind. Pure: the journey is copied, never changed in place.
 */
export function injectFault(spec: RecordFlowSpec, journey: RecordJourney, kind: RecordFaultKind, rng: Random): RecordJourney {
  if (!spec.faults.includes(kind)) throw new Error(`fault ${kind} does not apply to flow ${spec.id}`);
  const copy: RecordJourney = { ...journey, fault: kind, hops: journey.hops.map((h) => ({ ...h, attributes: { ...h.attributes } })) };
  switch (kind) {
    case 'unmapped_cost_centre':
      return unmappedCostCentre(copy, rng);
    case 'duplicate_event':
      return duplicateDelivery(copy, rng);
    case 'erp_outage':
      return erpOutage(spec, copy, rng);
    case 'amount_changed':
      return amountChanged(copy, rng);
  }
}

function indexOfStage(journey: RecordJourney, stage: string): number {
  const i = journey.hops.findIndex((h) => h.stage === stage);
  if (i < 0) throw new Error(`flow ${journey.flow} has no ${stage} step`);
  return i;
}

/**
 * A cost centre the mapping does not know (say, created in the source last week): the
 * transformation fails with a mapping error naming it, and the record goes no further.
 */
function unmappedCostCentre(journey: RecordJourney, rng: Random): RecordJourney {
  const at = indexOfStage(journey, 'transformed');
  const costCentre = `CC-${rng.int(9000, 9899)}`;
  const hops = journey.hops.slice(0, at + 1);
  for (const h of hops) h.attributes['finance.cost_centre'] = costCentre;
  const failed = hops[at] as PlannedHop;
  failed.status = 'error';
  failed.error = {
    class: 'mapping',
    code: 'UNMAPPED_COST_CENTRE',
    message: `No mapping for cost centre ${costCentre} (entity ${failed.entity}) in ${journey.flow} mapping ${failed.mappingVersion ?? 'current'}`,
  };
  return { ...journey, hops };
}

/** At-least-once delivery: one step's event or span is delivered a second time, unchanged. */
function duplicateDelivery(journey: RecordJourney, rng: Random): RecordJourney {
  const original = rng.int(0, journey.hops.length - 1);
  const source = journey.hops[original] as PlannedHop;
  const resend: PlannedHop = { ...source, attributes: { ...source.attributes }, offsetMs: source.offsetMs + rng.int(500, 3000), resendOf: original };
  const hops = [...journey.hops, resend].sort((a, b) => a.offsetMs - b.offsetMs);
  // Indexes moved with the sort: point the re-delivery at its original again.
  const moved = hops.indexOf(source);
  for (const h of hops) if (h.resendOf !== null) h.resendOf = moved;
  return { ...journey, hops };
}

/**
 * The target ERP is down: each delivery attempt fails with a transient error, is replayed
 * from the retry queue with backoff, and after the last attempt the record is dead-lettered.
 */
function erpOutage(spec: RecordFlowSpec, journey: RecordJourney, rng: Random): RecordJourney {
  const at = indexOfStage(journey, 'posted');
  const posting = journey.hops[at] as PlannedHop;
  const before = journey.hops.slice(0, at);
  const attempts = rng.int(3, 4);
  const url = posting.call?.url ?? `https://${spec.targetSystem}.example.internal/api`;
  const path = new URL(url).pathname;
  const hops: PlannedHop[] = [...before];
  let offsetMs = posting.offsetMs;
  const base = { ...posting, system: spec.deliverer, dataStatus: null, resendOf: null };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    hops.push({
      ...base,
      offsetMs,
      stage: 'failed',
      status: 'error',
      name: `deliver to ${spec.targetName} (attempt ${attempt})`,
      durationMs: rng.int(50, 400),
      attributes: { ...posting.attributes, 'delivery.attempt': attempt },
      call: { method: posting.call?.method ?? 'POST', url, status: 503 },
      error: { class: 'transient', code: 'HTTP_503', message: `${spec.targetName} unavailable: 503 Service Unavailable on POST ${path}` },
      eventId: eventId(rng),
    });
    if (attempt === attempts) break;
    offsetMs += 500 * 2 ** (attempt - 1) + rng.int(0, 250);
    hops.push({
      ...base,
      offsetMs,
      stage: 'replayed',
      status: 'ok',
      name: `replay from retry queue (attempt ${attempt + 1})`,
      durationMs: rng.int(5, 40),
      attributes: { ...posting.attributes, 'delivery.attempt': attempt + 1 },
      call: null,
      error: null,
      eventId: eventId(rng),
    });
    offsetMs += rng.int(20, 120);
  }
  offsetMs += rng.int(50, 300);
  hops.push({
    ...base,
    offsetMs,
    stage: 'dead_lettered',
    status: 'error',
    name: 'move to dead-letter queue',
    durationMs: rng.int(5, 40),
    attributes: { ...posting.attributes, 'delivery.attempt': attempts },
    call: null,
    error: {
      class: 'transient',
      code: 'RETRIES_EXHAUSTED',
      message: `Dead-lettered after ${attempts} failed deliveries to ${spec.targetName} (503 Service Unavailable)`,
    },
    eventId: eventId(rng),
  });
  return { ...journey, hops };
}

/**
 * A new mapping version changes the amount on the way (tax line dropped, cents rounded away,
 * or divided as if in minor units): the target books a different amount than the source sent.
 */
function amountChanged(journey: RecordJourney, rng: Random): RecordJourney {
  const at = indexOfStage(journey, 'transformed');
  const original = journey.hops[0]?.amount;
  if (original == null) throw new Error(`flow ${journey.flow} records carry no amount`);
  const changed = applyAmountDefect(original, rng.pick(AMOUNT_DEFECTS));
  for (const h of journey.hops.slice(at)) {
    h.amount = changed;
    if (h.mappingVersion) h.mappingVersion = nextVersion(h.mappingVersion);
  }
  return journey;
}

/** v12 → v13, fct_subscriptions@2.4 → fct_subscriptions@2.5: the last number goes up. */
export function nextVersion(version: string): string {
  return version.replace(/(\d+)(?!.*\d)/, (n) => String(Number(n) + 1));
}
