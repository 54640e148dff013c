import { type InjectOptions } from './inject';
import { FAULT_KINDS, type RecordFaultKind, SCENARIOS, type Scenario } from './model';

export interface SimulatorOptions {
  url: string;
  key: string;
  /** Business records per second, all scenarios together. */
  rate: number;
  faultRate: number;
  scenarios: Scenario[];
  /** Stop starting records after this many seconds. */
  durationSeconds: number | undefined;
  /** Stop after this many records. */
  records: number | undefined;
  seed: number;
  /** The demo middleware's replay endpoint (docs/simulator.md); off when undefined. */
  replay: ReplayOptions | undefined;
}

export interface ReplayOptions {
  /** Loopback port of `POST /replays` (0: any free port). */
  port: number;
  /** The replay receiver's secret in Closewatch: webhooks signed otherwise are refused. */
  secret: string;
  /** Share of replays that succeed, 0..1. */
  successRate: number;
}

export type ParsedArgs =
  { kind: 'help' } | { kind: 'run'; options: SimulatorOptions } | { kind: 'inject'; options: InjectOptions } | { kind: 'error'; message: string };

export const USAGE = `Closewatch demo simulator: finance integrations sending OTLP traces, business events and batch runs.

Usage: node apps/simulator/dist/main.js [options]      (or: npm run simulate -- [options])

Options (each also read from the environment variable shown):
  --url <url>             Closewatch base URL                       CLOSEWATCH_URL (default http://127.0.0.1:3000)
  --key <secret>          ingest key (Authorization: Bearer)        CLOSEWATCH_INGEST_KEY (required)
  --rate <n>              business records per second, overall      SIMULATOR_RATE (default 5)
  --fault-rate <0..1>     share of records and batch runs with a    SIMULATOR_FAULT_RATE (default 0.05)
                          fault: unmapped cost centre, duplicate
                          event, ERP outage, amount changed, late batch
  --scenarios <list>      saas,manufacturer,source_to_pay           SIMULATOR_SCENARIOS (default all)
  --duration <seconds>    stop starting records after this long     SIMULATOR_DURATION (default: run until stopped)
  --records <n>           stop after this many records              SIMULATOR_RECORDS (default: no limit)
  --seed <n>              replay the same records and faults        SIMULATOR_SEED (default: random, logged)
  --replay-port <n>       answer Closewatch's replay webhooks at    SIMULATOR_REPLAY_PORT (default: off)
                          http://127.0.0.1:<n>/replays (0: any free
                          port, logged)
  --replay-secret <s>     the replay receiver's secret: webhooks    SIMULATOR_REPLAY_SECRET (required with a port)
                          signed otherwise are refused (401)
  --replay-success-rate   share of replays that post the record;    SIMULATOR_REPLAY_SUCCESS_RATE (default 0.8)
        <0..1>            the others fail again
  --help                  print this help

Injecting one fault by hand (sends one record at once, then exits):
  --inject <fault>        unmapped_cost_centre, duplicate_event, erp_outage, amount_changed
  --flow <id>             the record flow, e.g. coupa-to-oracle-invoices (required with --inject)
  --entity <code>         the record's entity (default: one the flow serves, at random)
  --period <YYYY-MM>      the record's period (default: this month, UTC)
  --amount <decimal>      the record's amount, e.g. 250000.00 (default: random)
  --currency <code>       the record's currency (default: the entity's)
  --record-key <key>      the record key (default: a new one)
  e.g. npm run simulate -- --key "$KEY" --inject erp_outage --flow coupa-to-oracle-invoices --entity DE01 --period 2026-11 --amount 250000.00

Batch flows report a run for each entity at their cron schedule (the latest slot at start).
On SIGTERM or SIGINT, or after --duration / --records, the simulator stops starting records,
lets records in flight finish (not on a signal), and flushes everything accepted to the server.
Logs are JSON lines on stdout. Exit status: 0 when everything sent was accepted, 3 when some of
it could not be delivered (see the log), 2 on bad usage; stopped by a signal, it ends by that
signal once flushed.`;

const FLAGS = new Set([
  'url',
  'key',
  'rate',
  'fault-rate',
  'scenarios',
  'duration',
  'records',
  'seed',
  'inject',
  'flow',
  'entity',
  'period',
  'amount',
  'currency',
  'record-key',
  'replay-port',
  'replay-secret',
  'replay-success-rate',
]);
const ENV: Record<string, string> = {
  url: 'CLOSEWATCH_URL',
  key: 'CLOSEWATCH_INGEST_KEY',
  rate: 'SIMULATOR_RATE',
  'fault-rate': 'SIMULATOR_FAULT_RATE',
  scenarios: 'SIMULATOR_SCENARIOS',
  duration: 'SIMULATOR_DURATION',
  records: 'SIMULATOR_RECORDS',
  seed: 'SIMULATOR_SEED',
  'replay-port': 'SIMULATOR_REPLAY_PORT',
  'replay-secret': 'SIMULATOR_REPLAY_SECRET',
  'replay-success-rate': 'SIMULATOR_REPLAY_SUCCESS_RATE',
};

/** Reads flags (`--name value` or `--name=value`) over environment variables; no side effects. */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, randomSeed: () => number): ParsedArgs {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !FLAGS.has(m[1] as string)) return { kind: 'error', message: `unknown argument ${arg}` };
    const name = m[1] as string;
    let value = m[2];
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) return { kind: 'error', message: `--${name} needs a value` };
    }
    flags.set(name, value);
  }
  const get = (name: string): string | undefined => {
    const v = flags.get(name) ?? env[ENV[name] as string];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const where = (name: string) => (flags.has(name) ? `--${name}` : (ENV[name] as string));

  const url = (get('url') ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) return { kind: 'error', message: `${where('url')}: must be an http(s) URL, got ${url}` };
  const key = get('key');
  if (!key) return { kind: 'error', message: 'an ingest key is required: --key or CLOSEWATCH_INGEST_KEY' };

  const num = (name: string, def: number | undefined, ok: (n: number) => boolean, rule: string): number | undefined | string => {
    const raw = get(name);
    if (raw === undefined) return def;
    const n = Number(raw);
    return Number.isFinite(n) && ok(n) ? n : `${where(name)}: must be ${rule}, got ${raw}`;
  };
  const rate = num('rate', 5, (n) => n >= 0 && n <= 10_000, 'a number from 0 to 10000');
  const faultRate = num('fault-rate', 0.05, (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
  const duration = num('duration', undefined, (n) => n > 0, 'a positive number of seconds');
  const records = num('records', undefined, (n) => Number.isInteger(n) && n > 0, 'a positive integer');
  const seed = num('seed', undefined, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'an integer from 0 to 4294967295');
  const replayPort = num('replay-port', undefined, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port from 0 to 65535');
  const replaySuccessRate = num('replay-success-rate', 0.8, (n) => n >= 0 && n <= 1, 'a number from 0 to 1');
  for (const v of [rate, faultRate, duration, records, seed, replayPort, replaySuccessRate]) if (typeof v === 'string') return { kind: 'error', message: v };
  const replaySecret = get('replay-secret');
  if (replayPort !== undefined && !replaySecret)
    return { kind: 'error', message: `${where('replay-port')} needs the receiver's secret: --replay-secret or SIMULATOR_REPLAY_SECRET` };

  const list = (get('scenarios') ?? SCENARIOS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = list.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
  if (unknown.length > 0 || list.length === 0) {
    return { kind: 'error', message: `${where('scenarios')}: unknown scenario ${unknown.join(', ') || '(none given)'}; choose from ${SCENARIOS.join(', ')}` };
  }
  const inject = get('inject');
  if (inject !== undefined) return parseInjection(inject, get, { url, key, seed: (seed as number | undefined) ?? randomSeed() });
  if (records !== undefined && rate === 0) return { kind: 'error', message: `--records needs a rate above 0` };
  return {
    kind: 'run',
    options: {
      url,
      key,
      rate: rate as number,
      faultRate: faultRate as number,
      scenarios: [...new Set(list)] as Scenario[],
      durationSeconds: duration as number | undefined,
      records: records as number | undefined,
      seed: (seed as number | undefined) ?? randomSeed(),
      replay: replayPort === undefined ? undefined : { port: replayPort as number, secret: replaySecret as string, successRate: replaySuccessRate as number },
    },
  };
}

const INJECTABLE = FAULT_KINDS.filter((f): f is RecordFaultKind => f !== 'late_batch');

/** `--inject` and the record it describes (flags only: the environment never starts an injection). */
function parseInjection(fault: string, get: (name: string) => string | undefined, base: { url: string; key: string; seed: number }): ParsedArgs {
  if (!(INJECTABLE as readonly string[]).includes(fault))
    return { kind: 'error', message: `--inject: unknown fault ${fault}; choose from ${INJECTABLE.join(', ')}` };
  const flow = get('flow');
  if (!flow) return { kind: 'error', message: '--inject needs --flow' };
  const period = get('period');
  if (period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return { kind: 'error', message: `--period: must be YYYY-MM, got ${period}` };
  const amount = get('amount');
  if (amount !== undefined && !/^\d{1,15}(\.\d{1,4})?$/.test(amount))
    return { kind: 'error', message: `--amount: must be a decimal such as 250000.00, got ${amount}` };
  const currency = get('currency')?.toUpperCase();
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) return { kind: 'error', message: `--currency: must be an ISO 4217 code, got ${currency}` };
  return {
    kind: 'inject',
    options: { ...base, fault: fault as RecordFaultKind, flow, entity: get('entity'), period, amount, currency, recordKey: get('record-key') },
  };
}
