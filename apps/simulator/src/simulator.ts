import { latestSlot, planBatchRun } from './batch';
import { Dispatcher, type Journey, journeyOf } from './dispatch';
import { FailedRecords } from './failed-records';
import { BATCH_FLOWS } from './flows';
import { RecordGenerator } from './generator';
import { type Logger } from './log';
import { type BatchRunPlan } from './model';
import { type SimulatorOptions } from './options';
import { Stats } from './stats';
import { type ReplayReceiver, startReplayReceiver } from './replay-receiver';
import { ReplayMiddleware, type ScheduledReplay } from './replay-middleware';
import { recordsDue, Timeline } from './timeline';
import { EventsSender } from './transports/events-sender';
import { OtlpSender } from './transports/otlp-sender';
import { RunsSender } from './transports/runs-sender';

type Action =
  | { kind: 'hop'; journey: Journey; index: number; record: boolean }
  | { kind: 'run-start'; plan: BatchRunPlan; journey: Journey }
  | { kind: 'run-finish'; plan: BatchRunPlan; journey: Journey };

export interface RunControl {
  log: Logger;
  /** Aborted on SIGTERM/SIGINT: stop now, flush what was sent. */
  signal: AbortSignal;
  /** How long closing may keep retrying deliveries, ms (default 15 s, 5 s after a signal). */
  closeTimeoutMs?: number;
  /** Per-minute totals interval, ms. */
  totalsEveryMs?: number;
  batchCheckEveryMs?: number;
  spanExportDelayMs?: number;
}

export interface RunSummary extends Record<string, unknown> {
  reason: 'records' | 'duration' | 'signal';
  seed: number;
  /** Events, spans and run reports that did not make it: refused, rejected or given up. */
  undelivered: number;
}

/**
 * Runs the demo integrations until --records or --duration is reached or the signal aborts:
 * paces records at the rate, sends each step when it is due, reports batch runs at their
 * schedule, and on the way out flushes events, run reports and spans.
 */
export async function runSimulator(options: SimulatorOptions, control: RunControl): Promise<RunSummary> {
  const { log, signal } = control;
  const stats = new Stats();
  const generator = new RecordGenerator({ seed: options.seed, scenarios: options.scenarios, faultRate: options.faultRate });
  const batchFlows = BATCH_FLOWS.filter((f) => options.scenarios.includes(f.scenario));
  const otlp = new OtlpSender(options.url, options.key, log, stats, control.spanExportDelayMs ?? 1000);
  const events = new EventsSender(options.url, options.key, log, stats);
  const runs = new RunsSender(options.url, options.key, log, stats);
  const dispatch = new Dispatcher(otlp, events, runs, stats);
  const timeline = new Timeline<Action>();
  const handledRuns = new Set<string>();
  const failedRecords = new FailedRecords();
  let recordHopsPending = 0;
  // The demo middleware answers Closewatch's replay webhooks: a replayed record's steps join the timeline like any record's.
  const middleware = new ReplayMiddleware(failedRecords, {
    seed: options.seed,
    successRate: options.replay?.successRate ?? 0,
    schedule: (r: ScheduledReplay) => {
      const journey = journeyOf(r.transport, r.startAt, r.hops);
      r.hops.forEach((h, index) => timeline.add(r.startAt + h.offsetMs, { kind: 'hop', journey, index, record: true }));
      recordHopsPending += r.hops.length;
    },
  });
  let replayReceiver: ReplayReceiver | undefined;
  if (options.replay) {
    replayReceiver = await startReplayReceiver({
      host: '127.0.0.1',
      port: options.replay.port,
      secret: options.replay.secret,
      accept: (ask) => {
        const answer = middleware.accept(ask);
        log.log('info', 'replay request', { ...ask, answer: answer.status, ...(answer.status === 202 ? {} : { reason: answer.message }) });
        return answer;
      },
    });
  }

  log.log('info', 'simulator started', {
    url: options.url,
    rate: options.rate,
    faultRate: options.faultRate,
    scenarios: options.scenarios,
    durationSeconds: options.durationSeconds ?? null,
    records: options.records ?? null,
    seed: options.seed,
    flows: [...generator.flowIds, ...batchFlows.map((f) => f.id)],
    replays: replayReceiver ? { url: replayReceiver.url, successRate: options.replay?.successRate } : null,
  });
  events.start();

  const t0 = Date.now();
  let started = 0;
  let generating = true;
  let reason: RunSummary['reason'] = 'signal';
  const totalsEvery = control.totalsEveryMs ?? 60_000;
  const batchEvery = control.batchCheckEveryMs ?? 5_000;
  let nextTotals = t0 + totalsEvery;
  let nextBatchCheck = t0;

  const checkBatches = (now: number) => {
    for (const spec of batchFlows) {
      const slot = latestSlot(spec.cron, new Date(now));
      for (const entity of spec.entities) {
        const plan = planBatchRun(spec, entity, slot, options.seed, options.faultRate);
        if (handledRuns.has(`${plan.flow}/${plan.runId}`)) continue;
        handledRuns.add(`${plan.flow}/${plan.runId}`);
        stats.runsPlanned++;
        if (plan.fault) stats.countFault('late_batch', plan.runId);
        if (!plan.startAt || !plan.finishAt) {
          stats.runsSkipped++;
          log.log('info', 'batch run skipped (late batch fault: it does not run)', {
            flow: plan.flow,
            runId: plan.runId,
            scheduledAt: plan.scheduledAt.toISOString(),
          });
          continue;
        }
        const journey = journeyOf(spec.transport, plan.startAt.getTime(), plan.hops);
        timeline.add(plan.startAt.getTime(), { kind: 'run-start', plan, journey });
        timeline.add(plan.finishAt.getTime(), { kind: 'run-finish', plan, journey });
        if (plan.fault)
          log.log('info', 'batch run late (late batch fault)', {
            flow: plan.flow,
            runId: plan.runId,
            scheduledAt: plan.scheduledAt.toISOString(),
            startAt: plan.startAt.toISOString(),
          });
      }
    }
  };

  const runAction = (a: Action) => {
    switch (a.kind) {
      case 'hop':
        dispatch.hop(a.journey, a.index);
        if (a.record) recordHopsPending--;
        return;
      case 'run-start':
        dispatch.runStarted(a.plan);
        dispatch.hop(a.journey, 0);
        return;
      case 'run-finish':
        dispatch.hop(a.journey, 1);
        dispatch.runFinished(a.plan);
        return;
    }
  };

  try {
    while (!signal.aborted) {
      const now = Date.now();
      if (generating && options.durationSeconds !== undefined && now - t0 >= options.durationSeconds * 1000) {
        generating = false;
        reason = 'duration';
      }
      if (generating) {
        const due = recordsDue(now - t0, options.rate, options.records);
        for (; started < due; started++) {
          const startAt = t0 + Math.round((started * 1000) / options.rate);
          const record = generator.next(new Date(startAt));
          stats.recordsStarted++;
          stats.flows[record.flow] = (stats.flows[record.flow] ?? 0) + 1;
          if (record.fault) stats.countFault(record.fault, record.recordKey);
          failedRecords.remember(record);
          const journey = journeyOf(record.transport, startAt, record.hops);
          record.hops.forEach((h, index) => timeline.add(startAt + h.offsetMs, { kind: 'hop', journey, index, record: true }));
          recordHopsPending += record.hops.length;
        }
        if (options.records !== undefined && started >= options.records) {
          generating = false;
          reason = 'records';
        }
      }
      if (now >= nextBatchCheck) {
        checkBatches(now);
        nextBatchCheck = now + batchEvery;
      }
      for (let a = timeline.popDue(now); a; a = timeline.popDue(now)) runAction(a);
      if (now >= nextTotals) {
        log.log('info', 'totals', { ...stats.snapshot(), replays: { ...middleware.counts } });
        nextTotals += totalsEvery;
      }
      if (!generating && recordHopsPending === 0) break;
      const nextRecordAt = generating && options.rate > 0 ? t0 + (started * 1000) / options.rate : Infinity;
      const wait = Math.max(1, Math.min(100, (timeline.nextAt() ?? Infinity) - now, nextRecordAt - now, nextBatchCheck - now));
      await sleep(wait, signal);
    }
  } finally {
    await replayReceiver?.close();
    // Stopped by a signal, the parent usually wants us gone soon: retry deliveries for less long.
    const deadline = Date.now() + (control.closeTimeoutMs ?? (signal.aborted ? 5_000 : 15_000));
    await Promise.all([events.close(deadline), runs.close(deadline), otlp.close(deadline)]);
  }
  const undelivered = stats.eventsLost + stats.eventsRejected + stats.spansFailed + stats.runReportsFailed;
  const summary: RunSummary = {
    reason: signal.aborted ? 'signal' : reason,
    seed: options.seed,
    undelivered,
    ...stats.snapshot(),
    replays: { ...middleware.counts },
  };
  log.log('info', 'simulator stopped', summary);
  return summary;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
