import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The process's Prometheus registry; features add their own counters to it. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'closewatch_' });

export const httpRequestDuration = new Histogram({
  name: 'closewatch_http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

export const ingestItems = new Counter({
  name: 'closewatch_ingest_items_total',
  help: 'Spans, events and runs received, by source and outcome (accepted, duplicate, rejected)',
  labelNames: ['source', 'outcome'],
  registers: [metricsRegistry],
});

/**
 * Refused logins. /metrics is public, so the reason is only `bad_credentials` or `throttled`:
 * a finer one (unknown account) would tell a caller which emails exist. The log line has it.
 */
export const loginFailures = new Counter({
  name: 'closewatch_login_failures_total',
  help: 'Refused logins by reason (bad_credentials, throttled)',
  labelNames: ['reason'],
  registers: [metricsRegistry],
});

let evaluationLag: () => Promise<number> = () => Promise.resolve(0);

/** The sync-health module says how to measure the evaluation lag (read at each scrape). */
export function measureEvaluationLagWith(measure: () => Promise<number>): void {
  evaluationLag = measure;
}

/** How far the sync-health evaluator trails ingest (docs/scaling.md), read from the database at each scrape. */
export const evaluationLagSeconds = new Gauge({
  name: 'closewatch_evaluation_lag_seconds',
  help: 'Seconds the oldest committed hop not yet evaluated has waited (0 when the evaluator is caught up)',
  registers: [metricsRegistry],
  async collect() {
    this.set(await evaluationLag());
  },
});

/** 1 while ingest writes go one at a time because the evaluation lag reached CLOSEWATCH_INGEST_PACE_LAG_SECONDS (ingest/write-pace.ts). */
export const ingestPaced = new Gauge({
  name: 'closewatch_ingest_paced',
  help: 'Whether this process writes ingest one request at a time, because the sync-health evaluator trails ingest (1) or not (0)',
  registers: [metricsRegistry],
});
