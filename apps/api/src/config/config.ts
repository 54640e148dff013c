import { join, resolve } from 'node:path';
import { z } from 'zod';
import { type Severity } from '@closewatch/contracts/exceptions';
import { CURRENCY_PATTERN } from '@closewatch/contracts/finance';
import { emptyAsUndefined } from '../common/query-params';
import { parseTrustProxy, type TrustProxy } from '../common/trust-proxy';
import {
  DEFAULT_INCIDENT_GROUP_BY,
  DEFAULT_INCIDENT_WINDOW_MINUTES,
  DEFAULT_SLA_HOURS,
  type IncidentGroupKey,
  parseIncidentGroupBy,
  parseSlaHours,
} from './exception-settings';
import { chooseLiveAdapter, LIVE_ADAPTER_SETTINGS, type LiveAdapterKind } from './live-adapter';
import { parseReconSettings, type ReconSettings } from './recon-settings';

/** Every setting an operator can make; documented in .env.example and docs/configuration.md. */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  dbPoolSize: number;
  demo: boolean;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  ingestKey: string | undefined;
  sessionTtlHours: number;
  ingestMaxBodyBytes: number;
  ingestMaxConcurrent: number;
  ingestRetryAfterSeconds: number;
  /** Evaluation lag (seconds) at which ingest writes go one at a time; 0 = never (ingest/write-pace.ts). */
  ingestPaceLagSeconds: number;
  /** Largest body of an ordinary API route (not ingest, not the catalog document), inflated. */
  apiMaxBodyBytes: number;
  /** Seconds a client has to send a whole request body once it is read; slower → 408. */
  bodyReadTimeoutSeconds: number;
  schedulers: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  webDir: string;
  simulatorRate: number;
  simulatorFaultRate: number;
  /** Loopback port of the demo middleware's replay endpoint; 0: a free port picked at start. */
  simulatorReplayPort: number;
  /** Share of replays the demo middleware posts (the others fail again), 0..1. */
  simulatorReplaySuccessRate: number;
  /** Seconds between sync-health evaluation ticks (when schedulers run). */
  evaluationIntervalSeconds: number;
  /** Hops (or run reports) per evaluation transaction. */
  evaluationBatchSize: number;
  /** How far back a first evaluation looks for missed runs, failures and delays, in days. */
  evaluationLookbackDays: number;
  /** Default window of the flow health measures and of the live `flows.health` status. */
  healthWindowSeconds: number;
  /** Seconds between passes raising exception severity as close deadlines near (when schedulers run). */
  severityRecomputeIntervalSeconds: number;
  /** Close readiness (apps/api/src/readiness): seconds between evaluation passes, and how many periods back each entity is kept. */
  readiness: { intervalSeconds: number; periods: number };
  /** The audit log (apps/api/src/audit): the Ed25519 signing key file (PKCS#8 PEM, made on first use) and minutes between checkpoints. */
  audit: { keyFile: string; checkpointMinutes: number };
  /** Days telemetry (hops, spans, runs) is kept, by whole monthly partitions; 0: forever (apps/api/src/partitions). */
  retentionDays: number;
  /** Hours to resolve an exception, by severity (CLOSEWATCH_EXCEPTION_SLA_HOURS). */
  exceptionSlaHours: Record<Severity, number>;
  /** Exceptions of one group seen within this many minutes of an incident join it. */
  incidentWindowMinutes: number;
  /** What exceptions of one incident share; always includes flow. */
  incidentGroupBy: IncidentGroupKey[];
  /** Reconciliation: secrets, connections from the environment, connectors, queue and retries. */
  recon: ReconSettings;
  /** Failed-login limits per account and per client address (auth/login-throttle.ts). */
  login: { accountMaxFailures: number; addressMaxFailures: number; windowSeconds: number; lockoutSeconds: number };
  /** Express `trust proxy`: which peers may set the client address through X-Forwarded-For. */
  trustProxy: TrustProxy;
  /** ISO 4217 currency finance impact totals are converted into unless a request names another. */
  reportingCurrency: string;
  /** Alerts to on-call: links, delivery worker and retries (docs/alerts.md). */
  alerts: AlertSettings;
  /** Replay requests (docs/replays.md): how long one waits for an outcome before it expires. */
  replays: { expiryMinutes: number };
  /** How live events reach the sockets of other replicas (docs/scaling.md); `redisUrl` for `redis`. */
  live: { adapter: LiveAdapterKind; redisUrl: string | undefined };
  /** OpenLineage run events (docs/audit.md#openlineage): the job namespace, and where to push them (none: only the feed). */
  openlineage: OpenLineageSettings;
  /** Four-eyes configuration (docs/configuration-history.md): changes to reconciliations, alert routes and a flow's materiality wait for a second admin. */
  configApproval: boolean;
}

export interface OpenLineageSettings {
  namespace: string;
  /** A Marquez-compatible server; events go to `{url}/api/v1/lineage`. Unset: nothing is pushed. */
  url: string | undefined;
  /** Sent as `Authorization: Bearer` when set. */
  apiKey: string | undefined;
  /** Seconds between passes that queue new run events for the push (when schedulers run). */
  pushIntervalSeconds: number;
}

export interface AlertSettings {
  /** Where people open Closewatch (CLOSEWATCH_PUBLIC_URL): the links notifications carry. */
  publicUrl: string;
  /** PagerDuty `payload.source`. */
  source: string;
  /** How often an idle delivery worker looks for due notifications (when schedulers run). */
  pollMs: number;
  /** Notifications delivered at once by this process (0: none). */
  concurrency: number;
  /** Timeout of one delivery request. */
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** A notification still failing this long after it was created is failed for good. */
  giveUpAfterMs: number;
  /** A claimed delivery not finished within this is claimed again (its worker died). */
  leaseMs: number;
}

export class ConfigError extends Error {}

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  CLOSEWATCH_DATA_DIR: z.string().min(1).default('./.closewatch'),
  CLOSEWATCH_EMBEDDED_PG_PORT: int(1, 65535).default(54329),
  CLOSEWATCH_DB_POOL_SIZE: int(1, 200).default(10),
  CLOSEWATCH_DEMO: z.preprocess(emptyAsUndefined, bool.optional()),
  CLOSEWATCH_ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email().optional()),
  CLOSEWATCH_ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(8, 'must be at least 8 characters').optional()),
  CLOSEWATCH_INGEST_KEY: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  CLOSEWATCH_SESSION_TTL_HOURS: int(1, 24 * 90).default(12),
  CLOSEWATCH_INGEST_MAX_BODY_BYTES: int(1024, 512 * 1024 * 1024).default(16 * 1024 * 1024),
  CLOSEWATCH_INGEST_MAX_CONCURRENT: int(1, 10_000).default(64),
  CLOSEWATCH_INGEST_RETRY_AFTER_SECONDS: int(1, 3600).default(2),
  CLOSEWATCH_INGEST_PACE_LAG_SECONDS: int(0, 3600).default(5),
  CLOSEWATCH_API_MAX_BODY_BYTES: int(1024, 512 * 1024 * 1024).default(1024 * 1024),
  CLOSEWATCH_BODY_READ_TIMEOUT_SECONDS: int(1, 3600).default(30),
  CLOSEWATCH_SCHEDULERS: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLOSEWATCH_WEB_DIR: z.string().min(1).optional(),
  CLOSEWATCH_SIMULATOR_RATE: z.coerce.number().min(0).max(10_000).default(5),
  CLOSEWATCH_SIMULATOR_FAULT_RATE: z.coerce.number().min(0).max(1).default(0.05),
  CLOSEWATCH_SIMULATOR_REPLAY_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  CLOSEWATCH_SIMULATOR_REPLAY_SUCCESS_RATE: z.coerce.number().min(0).max(1).default(0.8),
  CLOSEWATCH_EVALUATION_INTERVAL_SECONDS: int(1, 3600).default(10),
  CLOSEWATCH_EVALUATION_BATCH_SIZE: int(100, 100_000).default(5000),
  CLOSEWATCH_EVALUATION_LOOKBACK_DAYS: int(1, 90).default(7),
  CLOSEWATCH_HEALTH_WINDOW_SECONDS: int(60, 30 * 86_400).default(3600),
  CLOSEWATCH_SEVERITY_RECOMPUTE_INTERVAL_SECONDS: int(1, 86_400).default(300),
  CLOSEWATCH_READINESS_INTERVAL_SECONDS: int(1, 3600).default(15),
  CLOSEWATCH_AUDIT_KEY_FILE: z.string().min(1).optional(),
  CLOSEWATCH_AUDIT_CHECKPOINT_MINUTES: int(1, 60).default(60),
  CLOSEWATCH_READINESS_PERIODS: int(1, 36).default(3),
  CLOSEWATCH_RETENTION_DAYS: z.preprocess(emptyAsUndefined, int(0, 36_500).default(0)),
  CLOSEWATCH_EXCEPTION_SLA_HOURS: z.preprocess(emptyAsUndefined, parsedWith(parseSlaHours).optional()),
  CLOSEWATCH_INCIDENT_WINDOW_MINUTES: int(1, 7 * 24 * 60).default(DEFAULT_INCIDENT_WINDOW_MINUTES),
  CLOSEWATCH_INCIDENT_GROUP_BY: z.preprocess(emptyAsUndefined, parsedWith(parseIncidentGroupBy).optional()),
  CLOSEWATCH_LOGIN_ACCOUNT_MAX_FAILURES: int(1, 1000).default(5),
  CLOSEWATCH_LOGIN_ADDRESS_MAX_FAILURES: int(1, 1_000_000).default(30),
  CLOSEWATCH_LOGIN_FAILURE_WINDOW_SECONDS: int(1, 86_400).default(900),
  CLOSEWATCH_LOGIN_LOCKOUT_SECONDS: int(1, 86_400).default(900),
  CLOSEWATCH_TRUST_PROXY: z.preprocess(emptyAsUndefined, parsedWith(parseTrustProxy).optional()),
  CLOSEWATCH_REPORTING_CURRENCY: z.preprocess(emptyAsUndefined, z.string().regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as "USD"').default('USD')),
  CLOSEWATCH_PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  CLOSEWATCH_ALERT_SOURCE: z.string().trim().min(1).max(255).default('closewatch'),
  CLOSEWATCH_ALERT_POLL_MS: int(50, 60_000).default(1000),
  CLOSEWATCH_ALERT_CONCURRENCY: int(0, 64).default(4),
  CLOSEWATCH_ALERT_TIMEOUT_MS: int(100, 120_000).default(10_000),
  CLOSEWATCH_ALERT_RETRY_BASE_MS: int(10, 3_600_000).default(2000),
  CLOSEWATCH_ALERT_RETRY_MAX_MS: int(10, 86_400_000).default(600_000),
  CLOSEWATCH_ALERT_GIVE_UP_HOURS: int(1, 24 * 30).default(24),
  CLOSEWATCH_ALERT_LEASE_SECONDS: int(5, 3600).default(60),
  CLOSEWATCH_REPLAY_EXPIRY_MINUTES: int(1, 7 * 24 * 60).default(60),
  CLOSEWATCH_LIVE_ADAPTER: z.preprocess(emptyAsUndefined, z.enum(LIVE_ADAPTER_SETTINGS).default('auto')),
  REDIS_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  CLOSEWATCH_OPENLINEAGE_NAMESPACE: z.preprocess(emptyAsUndefined, z.string().trim().min(1).max(200).default('closewatch')),
  CLOSEWATCH_OPENLINEAGE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
  CLOSEWATCH_OPENLINEAGE_API_KEY: z.preprocess(emptyAsUndefined, z.string().min(1).max(4000).optional()),
  CLOSEWATCH_OPENLINEAGE_PUSH_INTERVAL_SECONDS: int(1, 3600).default(10),
  CLOSEWATCH_CONFIG_APPROVAL: bool.default(false),
});

/** A setting parsed by a function that throws with a message on a bad value. */
function parsedWith<T>(parse: (text: string) => T) {
  return z.string().transform((text, ctx) => {
    try {
      return parse(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
      return z.NEVER;
    }
  });
}

/** Reads and validates the environment once; a bad value stops startup naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const recon = parseReconSettings(env, resolve(e.CLOSEWATCH_DATA_DIR));
  if (recon.problems.length) throw new ConfigError(`Invalid configuration:\n  ${recon.problems.join('\n  ')}`);
  if ((e.CLOSEWATCH_ADMIN_EMAIL === undefined) !== (e.CLOSEWATCH_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration:\n  CLOSEWATCH_ADMIN_EMAIL and CLOSEWATCH_ADMIN_PASSWORD must be set together');
  }
  let liveAdapter: LiveAdapterKind;
  try {
    liveAdapter = chooseLiveAdapter({ setting: e.CLOSEWATCH_LIVE_ADAPTER, databaseUrl: e.DATABASE_URL, redisUrl: e.REDIS_URL });
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  ${(err as Error).message}`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.CLOSEWATCH_DATA_DIR),
    embeddedPgPort: e.CLOSEWATCH_EMBEDDED_PG_PORT,
    dbPoolSize: e.CLOSEWATCH_DB_POOL_SIZE,
    // Demo is on by default only with the embedded database (the configuration contract, docs/configuration.md).
    demo: e.CLOSEWATCH_DEMO ?? e.DATABASE_URL === undefined,
    adminEmail: e.CLOSEWATCH_ADMIN_EMAIL?.toLowerCase(),
    adminPassword: e.CLOSEWATCH_ADMIN_PASSWORD,
    ingestKey: e.CLOSEWATCH_INGEST_KEY,
    sessionTtlHours: e.CLOSEWATCH_SESSION_TTL_HOURS,
    ingestMaxBodyBytes: e.CLOSEWATCH_INGEST_MAX_BODY_BYTES,
    ingestMaxConcurrent: e.CLOSEWATCH_INGEST_MAX_CONCURRENT,
    ingestRetryAfterSeconds: e.CLOSEWATCH_INGEST_RETRY_AFTER_SECONDS,
    ingestPaceLagSeconds: e.CLOSEWATCH_INGEST_PACE_LAG_SECONDS,
    apiMaxBodyBytes: e.CLOSEWATCH_API_MAX_BODY_BYTES,
    bodyReadTimeoutSeconds: e.CLOSEWATCH_BODY_READ_TIMEOUT_SECONDS,
    schedulers: e.CLOSEWATCH_SCHEDULERS,
    logLevel: e.LOG_LEVEL,
    webDir: resolve(e.CLOSEWATCH_WEB_DIR ?? resolve(__dirname, '../../../web/dist')),
    simulatorRate: e.CLOSEWATCH_SIMULATOR_RATE,
    simulatorFaultRate: e.CLOSEWATCH_SIMULATOR_FAULT_RATE,
    simulatorReplayPort: e.CLOSEWATCH_SIMULATOR_REPLAY_PORT,
    simulatorReplaySuccessRate: e.CLOSEWATCH_SIMULATOR_REPLAY_SUCCESS_RATE,
    evaluationIntervalSeconds: e.CLOSEWATCH_EVALUATION_INTERVAL_SECONDS,
    evaluationBatchSize: e.CLOSEWATCH_EVALUATION_BATCH_SIZE,
    evaluationLookbackDays: e.CLOSEWATCH_EVALUATION_LOOKBACK_DAYS,
    healthWindowSeconds: e.CLOSEWATCH_HEALTH_WINDOW_SECONDS,
    severityRecomputeIntervalSeconds: e.CLOSEWATCH_SEVERITY_RECOMPUTE_INTERVAL_SECONDS,
    readiness: { intervalSeconds: e.CLOSEWATCH_READINESS_INTERVAL_SECONDS, periods: e.CLOSEWATCH_READINESS_PERIODS },
    audit: {
      keyFile: resolve(e.CLOSEWATCH_AUDIT_KEY_FILE ?? join(resolve(e.CLOSEWATCH_DATA_DIR), 'audit-signing-key.pem')),
      checkpointMinutes: e.CLOSEWATCH_AUDIT_CHECKPOINT_MINUTES,
    },
    retentionDays: e.CLOSEWATCH_RETENTION_DAYS,
    exceptionSlaHours: e.CLOSEWATCH_EXCEPTION_SLA_HOURS ?? { ...DEFAULT_SLA_HOURS },
    incidentWindowMinutes: e.CLOSEWATCH_INCIDENT_WINDOW_MINUTES,
    incidentGroupBy: e.CLOSEWATCH_INCIDENT_GROUP_BY ?? [...DEFAULT_INCIDENT_GROUP_BY],
    recon: recon.settings,
    login: {
      accountMaxFailures: e.CLOSEWATCH_LOGIN_ACCOUNT_MAX_FAILURES,
      addressMaxFailures: e.CLOSEWATCH_LOGIN_ADDRESS_MAX_FAILURES,
      windowSeconds: e.CLOSEWATCH_LOGIN_FAILURE_WINDOW_SECONDS,
      lockoutSeconds: e.CLOSEWATCH_LOGIN_LOCKOUT_SECONDS,
    },
    // Loopback only by default: a proxy on the same host may name the client; no other peer can.
    trustProxy: e.CLOSEWATCH_TRUST_PROXY ?? ['loopback'],
    reportingCurrency: e.CLOSEWATCH_REPORTING_CURRENCY,
    alerts: {
      publicUrl: (e.CLOSEWATCH_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      source: e.CLOSEWATCH_ALERT_SOURCE,
      pollMs: e.CLOSEWATCH_ALERT_POLL_MS,
      concurrency: e.CLOSEWATCH_ALERT_CONCURRENCY,
      timeoutMs: e.CLOSEWATCH_ALERT_TIMEOUT_MS,
      retryBaseMs: e.CLOSEWATCH_ALERT_RETRY_BASE_MS,
      retryMaxMs: e.CLOSEWATCH_ALERT_RETRY_MAX_MS,
      giveUpAfterMs: e.CLOSEWATCH_ALERT_GIVE_UP_HOURS * 3_600_000,
      leaseMs: e.CLOSEWATCH_ALERT_LEASE_SECONDS * 1000,
    },
    replays: { expiryMinutes: e.CLOSEWATCH_REPLAY_EXPIRY_MINUTES },
    live: { adapter: liveAdapter, redisUrl: e.REDIS_URL },
    openlineage: {
      namespace: e.CLOSEWATCH_OPENLINEAGE_NAMESPACE,
      url: e.CLOSEWATCH_OPENLINEAGE_URL?.replace(/\/+$/, ''),
      apiKey: e.CLOSEWATCH_OPENLINEAGE_API_KEY,
      pushIntervalSeconds: e.CLOSEWATCH_OPENLINEAGE_PUSH_INTERVAL_SECONDS,
    },
    configApproval: e.CLOSEWATCH_CONFIG_APPROVAL,
  };
}
