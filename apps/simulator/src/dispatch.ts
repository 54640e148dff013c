import { type SpanContext } from '@opentelemetry/api';
import { type RunReport } from '@closewatch/contracts/runs';
import { type BatchRunPlan, type PlannedHop, type Transport } from './model';
import { type Stats } from './stats';
import { eventOfHop } from './transports/event-of-hop';
import { type EventsSender } from './transports/events-sender';
import { type OtlpSender } from './transports/otlp-sender';
import { type RunsSender } from './transports/runs-sender';

/** The steps of one record or one batch run on their way out, with their trace state. */
export interface Journey {
  transport: Transport;
  /** Epoch ms the offsets count from. */
  startAt: number;
  hops: PlannedHop[];
  spans: (SpanContext | undefined)[];
  /** Indexes of steps that will be delivered a second time. */
  redelivered: Set<number>;
}

export function journeyOf(transport: Transport, startAt: number, hops: PlannedHop[]): Journey {
  const redelivered = new Set<number>();
  for (const h of hops) if (h.resendOf !== null) redelivered.add(h.resendOf);
  return { transport, startAt, hops, spans: [], redelivered };
}

/** Sends each step over the flow's transport when it is due. */
export class Dispatcher {
  constructor(
    private readonly otlp: OtlpSender,
    private readonly events: EventsSender,
    private readonly runs: RunsSender,
    private readonly stats: Stats,
  ) {}

  hop(j: Journey, index: number): void {
    const hop = j.hops[index] as PlannedHop;
    if (hop.resendOf !== null) {
      const original = j.hops[hop.resendOf] as PlannedHop;
      if (j.transport === 'events') {
        // The identical event again: same id, same content.
        this.events.send(eventOfHop(original, new Date(j.startAt + original.offsetMs)));
      } else {
        const span = j.spans[hop.resendOf];
        if (!span || !this.otlp.redeliver(original.system, span.spanId)) return;
      }
      this.stats.redeliveries[j.transport]++;
      return;
    }
    const at = new Date(j.startAt + hop.offsetMs);
    if (j.transport === 'events') {
      this.events.send(eventOfHop(hop, at));
    } else {
      const prev = this.previousStep(j, index);
      j.spans[index] = this.otlp.emit(
        hop,
        at,
        prev === undefined ? undefined : j.spans[prev],
        prev === undefined ? undefined : j.hops[prev]?.system,
        j.redelivered.has(index),
      );
    }
    this.stats.hopsSent[j.transport]++;
  }

  runStarted(plan: BatchRunPlan): void {
    this.runs.report(startedReport(plan));
  }

  runFinished(plan: BatchRunPlan): void {
    this.runs.report(finishedReport(plan));
  }

  /** The last step before `index` that is not a re-delivery: the parent of this step. */
  private previousStep(j: Journey, index: number): number | undefined {
    for (let i = index - 1; i >= 0; i--) if (j.hops[i]?.resendOf === null) return i;
    return undefined;
  }
}

export function startedReport(plan: BatchRunPlan): RunReport {
  return {
    flow: plan.flow,
    runId: plan.runId,
    status: 'started',
    startedAt: plan.startAt?.toISOString() ?? null,
    period: plan.period,
    entity: plan.entity,
    watermark: plan.watermark,
  };
}

export function finishedReport(plan: BatchRunPlan): RunReport {
  return {
    ...startedReport(plan),
    status: 'succeeded',
    finishedAt: plan.finishAt?.toISOString() ?? null,
    rowsRead: plan.rowsRead,
    rowsWritten: plan.rowsWritten,
    rowsRejected: plan.rowsRejected,
  };
}
