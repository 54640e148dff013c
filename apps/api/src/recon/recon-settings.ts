import { isAbsolute, join, resolve } from 'node:path';
import { CONNECTION_NAME_PATTERN } from '@closewatch/contracts/recon';
import { type HttpAddressPolicy, parseHttpAllowList } from './connectors/http/http-address-policy';
import { parseSecretKey } from './secrets/secret-box';
import { readKeyFile } from './secrets/secret-key-file';

/**
 * Reconciliation settings (docs/configuration.md, "Reconciliation"), read from the environment
 * once at startup by loadConfig. Problems are returned as lines naming the variable.
 */
export interface ReconSettings {
  /** CLOSEWATCH_SECRET_KEY; when unset, a key is generated into `<data dir>/secret-key` on first start. */
  secretKey: Buffer | undefined;
  secretKeyFile: string;
  /** Where the key comes from (a variable, a file), for messages. */
  secretKeySource: string;
  /** Connections from CLOSEWATCH_CONNECTION_<NAME>=postgres://… (name lower-cased). */
  connections: Record<string, string>;
  /** Header sets for http datasets from CLOSEWATCH_HTTP_HEADERS_<NAME>={"Authorization": "…"}. */
  httpHeaders: Record<string, Record<string, string>>;
  /** Root for csv datasets given by path (CLOSEWATCH_CSV_DIR); unset: only uploaded files. */
  csvDir: string | undefined;
  /** Where uploaded CSV files are kept. */
  uploadDir: string;
  maxUploadBytes: number;
  /** statement_timeout of each statement on a postgres dataset. */
  statementTimeoutMs: number;
  /** Rows per FETCH from a postgres cursor. */
  fetchRows: number;
  /** Runs executed at once by this process (0: this process runs none). */
  workers: number;
  /** How often an idle worker looks for queued runs and due schedules. */
  pollSeconds: number;
  /** Retries of a run that failed for a transient reason (connection, timeout, HTTP 5xx). */
  retries: number;
  /** Delay before the first retry; doubled for each further attempt. */
  retryDelaySeconds: number;
  /** Progress is saved and published every this many rows read. */
  progressRows: number;
  /** A running run whose worker has not reported for this long is failed (worker lost) and retried. */
  staleSeconds: number;
  httpTimeoutMs: number;
  /** Retries of one HTTP page on 429, 5xx or a network error, with backoff. */
  httpRetries: number;
  /** CLOSEWATCH_HTTP_DATASET_ALLOW: hosts and ranges http datasets may reach although they are loopback, private, link-local, …. */
  httpAllow: HttpAddressPolicy;
  /** CLOSEWATCH_HTTP_DATASET_MAX_BYTES: most bytes of one HTTP page. */
  httpMaxBytes: number;
  /** CLOSEWATCH_RECON_CSV_MAX_RECORD_CHARS: longest CSV record (an unterminated quote would otherwise buffer the whole file). */
  csvMaxRecordChars: number;
  /** Rows an unsorted side (csv, http) holds in memory before spilling a sorted run to disk. */
  sortRunRows: number;
  /** Most breaks one run raises as exceptions (a wrong definition must not flood the queue). */
  maxExceptionsPerRun: number;
  /** Worker threads (key ranges) one postgres-to-postgres run is reconciled in; 1 reads each side whole on the run's own thread. */
  threads: number;
}

function intSetting(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return def;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    problems.push(`${name}: must be a whole number from ${min} to ${max}`);
    return def;
  }
  return v;
}

export function parseReconSettings(env: NodeJS.ProcessEnv, dataDir: string): { settings: ReconSettings; problems: string[] } {
  const problems: string[] = [];
  let secretKey: Buffer | undefined;
  const rawKey = env.CLOSEWATCH_SECRET_KEY;
  if (rawKey !== undefined && rawKey.trim() !== '') {
    secretKey = parseSecretKey(rawKey);
    if (!secretKey) problems.push('CLOSEWATCH_SECRET_KEY: must be 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)');
  }
  const keyFile = secretKeyFromFile(env, secretKey !== undefined || (rawKey ?? '').trim() !== '', problems);
  secretKey ??= keyFile?.key;

  const connections: Record<string, string> = {};
  const httpHeaders: Record<string, Record<string, string>> = {};
  for (const [variable, value] of Object.entries(env)) {
    if (value === undefined || value.trim() === '') continue;
    if (variable.startsWith('CLOSEWATCH_CONNECTION_')) {
      const name = variable.slice('CLOSEWATCH_CONNECTION_'.length).toLowerCase();
      if (!CONNECTION_NAME_PATTERN.test(name)) problems.push(`${variable}: the name after CLOSEWATCH_CONNECTION_ must be letters, digits and _`);
      else if (!/^postgres(ql)?:\/\/\S+$/.test(value.trim())) problems.push(`${variable}: must be a postgres:// URL`);
      else connections[name] = value.trim();
    } else if (variable.startsWith('CLOSEWATCH_HTTP_HEADERS_')) {
      const name = variable.slice('CLOSEWATCH_HTTP_HEADERS_'.length).toLowerCase();
      const headers = parseHeaders(value);
      if (!CONNECTION_NAME_PATTERN.test(name)) problems.push(`${variable}: the name after CLOSEWATCH_HTTP_HEADERS_ must be letters, digits and _`);
      else if (!headers) problems.push(`${variable}: must be a JSON object of header names to string values`);
      else httpHeaders[name] = headers;
    }
  }

  const allow = parseHttpAllowList(env.CLOSEWATCH_HTTP_DATASET_ALLOW);
  problems.push(...allow.problems);
  const csvRaw = env.CLOSEWATCH_CSV_DIR?.trim();
  const settings: ReconSettings = {
    secretKey,
    secretKeyFile: join(dataDir, 'secret-key'),
    secretKeySource: keyFile ? `CLOSEWATCH_SECRET_KEY_FILE (${keyFile.path})` : secretKey ? 'CLOSEWATCH_SECRET_KEY' : join(dataDir, 'secret-key'),
    connections,
    httpHeaders,
    csvDir: csvRaw ? resolve(csvRaw) : undefined,
    uploadDir: join(dataDir, 'recon-files'),
    maxUploadBytes: intSetting(env, 'CLOSEWATCH_RECON_MAX_UPLOAD_BYTES', 1024 * 1024 * 1024, 1024, 64 * 1024 * 1024 * 1024, problems),
    statementTimeoutMs: intSetting(env, 'CLOSEWATCH_RECON_STATEMENT_TIMEOUT_SECONDS', 300, 1, 86_400, problems) * 1000,
    fetchRows: intSetting(env, 'CLOSEWATCH_RECON_FETCH_ROWS', 10_000, 10, 1_000_000, problems),
    workers: intSetting(env, 'CLOSEWATCH_RECON_WORKERS', 1, 0, 64, problems),
    pollSeconds: intSetting(env, 'CLOSEWATCH_RECON_POLL_SECONDS', 5, 1, 3600, problems),
    retries: intSetting(env, 'CLOSEWATCH_RECON_RETRIES', 2, 0, 20, problems),
    retryDelaySeconds: intSetting(env, 'CLOSEWATCH_RECON_RETRY_DELAY_SECONDS', 60, 0, 86_400, problems),
    progressRows: intSetting(env, 'CLOSEWATCH_RECON_PROGRESS_ROWS', 10_000, 1, 10_000_000, problems),
    staleSeconds: intSetting(env, 'CLOSEWATCH_RECON_STALE_SECONDS', 120, 10, 86_400, problems),
    httpTimeoutMs: intSetting(env, 'CLOSEWATCH_RECON_HTTP_TIMEOUT_SECONDS', 60, 1, 3600, problems) * 1000,
    httpRetries: intSetting(env, 'CLOSEWATCH_RECON_HTTP_RETRIES', 4, 0, 20, problems),
    httpAllow: allow.policy,
    httpMaxBytes: intSetting(env, 'CLOSEWATCH_HTTP_DATASET_MAX_BYTES', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024, problems),
    csvMaxRecordChars: intSetting(env, 'CLOSEWATCH_RECON_CSV_MAX_RECORD_CHARS', 1024 * 1024, 1024, 256 * 1024 * 1024, problems),
    sortRunRows: intSetting(env, 'CLOSEWATCH_RECON_SORT_RUN_ROWS', 100_000, 100, 10_000_000, problems),
    maxExceptionsPerRun: intSetting(env, 'CLOSEWATCH_RECON_MAX_EXCEPTIONS', 10_000, 0, 10_000_000, problems),
    threads: intSetting(env, 'CLOSEWATCH_RECON_THREADS', 2, 1, 64, problems),
  };
  if (settings.csvDir !== undefined && !isAbsolute(settings.csvDir)) problems.push('CLOSEWATCH_CSV_DIR: must be a directory');
  return { settings, problems };
}

/** CLOSEWATCH_SECRET_KEY_FILE: a file that must exist and hold the key (e.g. a Docker secret); read once here. */
function secretKeyFromFile(env: NodeJS.ProcessEnv, keyGiven: boolean, problems: string[]): { key: Buffer; path: string } | undefined {
  const raw = env.CLOSEWATCH_SECRET_KEY_FILE?.trim();
  if (!raw) return undefined;
  if (keyGiven) {
    problems.push('CLOSEWATCH_SECRET_KEY_FILE: set either it or CLOSEWATCH_SECRET_KEY, not both');
    return undefined;
  }
  const path = resolve(raw);
  try {
    const key = readKeyFile(path);
    if (key) return { key, path };
    problems.push(`CLOSEWATCH_SECRET_KEY_FILE: ${path} does not exist`);
  } catch (err) {
    problems.push(`CLOSEWATCH_SECRET_KEY_FILE: ${err instanceof Error ? err.message : String(err)}`);
  }
  return undefined;
}

function parseHeaders(text: string): Record<string, string> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k)) return undefined;
      out[k] = val;
    }
    return out;
  } catch {
    return undefined;
  }
}
