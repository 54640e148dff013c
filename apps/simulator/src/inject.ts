import { ENTITY_CURRENCY, RECORD_FLOWS } from './flows';
import { Dispatcher, journeyOf } from './dispatch';
import { injectFault } from './faults';
import { planJourney } from './journey';
import { type Logger } from './log';
import { type RecordFaultKind, type RecordJourney } from './model';
import { Random } from './random';
import { Stats } from './stats';
import { EventsSender } from './transports/events-sender';
import { OtlpSender } from './transports/otlp-sender';
import { RunsSender } from './transports/runs-sender';

/** `--inject`: one record of one flow with one fault, for an entity and period chosen by hand. */
export interface InjectOptions {
  url: string;
  key: string;
  fault: RecordFaultKind;
  flow: string;
  entity: string | undefined;
  period: string | undefined;
  amount: string | undefined;
  /** Default: the entity's functional currency when an entity is given. */
  currency: string | undefined;
  recordKey: string | undefined;
  seed: number;
}

/**
 * The journey of the injected record: the flow's happy path from `startAt`, with the entity,
 * period, amount and currency asked for, then the fault. Throws on a flow or fault that does not
 * exist or apply (the message names the choices).
 */
export function plannedInjection(o: InjectOptions, startAt: Date): RecordJourney {
  const spec = RECORD_FLOWS.find((f) => f.id === o.flow);
  if (!spec) throw new Error(`--flow: unknown flow ${o.flow}; choose from ${RECORD_FLOWS.map((f) => f.id).join(', ')}`);
  if (!spec.faults.includes(o.fault)) throw new Error(`--inject: fault ${o.fault} does not apply to ${o.flow}; it takes ${spec.faults.join(', ')}`);
  if (o.entity && !spec.entities.includes(o.entity)) throw new Error(`--entity: ${o.flow} serves ${spec.entities.join(', ')}, not ${o.entity}`);
  if (o.amount && !spec.amount) throw new Error(`--amount: records of ${o.flow} carry no amount`);
  const rng = new Random(o.seed);
  const key = o.recordKey ?? `${spec.keyPrefix}${rng.int(10 ** (spec.keyDigits - 1), 10 ** spec.keyDigits - 1)}`;
  const planned = planJourney(spec, key, startAt, rng);
  for (const h of planned.hops) {
    if (o.entity) h.entity = o.entity;
    if (o.period) h.period = o.period;
    if (o.amount) h.amount = o.amount;
    // Without a currency asked for, the entity's own (a random record is sometimes in another).
    if (o.currency ?? (o.entity && spec.amount)) h.currency = o.currency ?? ENTITY_CURRENCY[o.entity!] ?? h.currency;
  }
  return injectFault(spec, planned, o.fault, rng);
}

/**
 * Sends the injected record at once (its steps dated over the last minute, as if it had just
 * happened) over the flow's own transport, flushes, and answers what was sent.
 */
export async function runInjection(o: InjectOptions, log: Logger): Promise<{ recordKey: string; hops: number; undelivered: number }> {
  const stats = new Stats();
  const record = plannedInjection(o, new Date());
  // Dated so that its last step happened a second ago.
  const startAt = Date.now() - (record.hops.at(-1)?.offsetMs ?? 0) - 1_000;
  const otlp = new OtlpSender(o.url, o.key, log, stats, 100);
  const events = new EventsSender(o.url, o.key, log, stats);
  const runs = new RunsSender(o.url, o.key, log, stats);
  const dispatch = new Dispatcher(otlp, events, runs, stats);
  events.start();
  const journey = journeyOf(record.transport, startAt, record.hops);
  try {
    record.hops.forEach((_, i) => dispatch.hop(journey, i));
  } finally {
    const deadline = Date.now() + 15_000;
    await Promise.all([events.close(deadline), runs.close(deadline), otlp.close(deadline)]);
  }
  const undelivered = stats.eventsLost + stats.eventsRejected + stats.spansFailed + stats.runReportsFailed;
  const result = { recordKey: record.recordKey, hops: record.hops.length, undelivered };
  log.log('info', 'fault injected', { flow: o.flow, fault: o.fault, entity: record.hops[0]?.entity, period: record.hops[0]?.period, ...result });
  return result;
}
