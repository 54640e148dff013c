import { type ReconRunErrorDto } from '@closewatch/contracts/recon';
import { ReconDefinitionError, ReconInputError } from '@closewatch/recon/errors';
import { QueryParameterError } from '../connectors/query-params';
import { SecretBoxError } from '../secrets/secret-box';

/** A failure a connector or the run explains itself: a code, a message for people, and whether a retry may help. */
export class ReconRunFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'ReconRunFailure';
  }
}

/** PostgreSQL SQLSTATE classes and codes that say the server or the network, not the query, failed. */
const CONNECTION_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53400', '58000', '58030']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * Why a run failed, for the run record and the retry policy: reconciliation's own failures as
 * they are; PostgreSQL errors by SQLSTATE (statement timeout, read-only violation, connection
 * loss, query errors); network errors; engine input errors. Messages never carry a connection
 * URL (any postgres:// text is masked).
 */
export function describeFailure(err: unknown): ReconRunErrorDto {
  if (err instanceof ReconRunFailure) return { code: err.code, message: scrub(err.message), retryable: err.retryable };
  if (err instanceof ReconInputError) return { code: 'invalid_input', message: scrub(err.message), retryable: false };
  if (err instanceof ReconDefinitionError) return { code: 'invalid_definition', message: scrub(err.message), retryable: false };
  if (err instanceof QueryParameterError) return { code: 'invalid_scope', message: `the query ${err.message}`, retryable: false };
  if (err instanceof SecretBoxError) return { code: 'connection_unreadable', message: err.message, retryable: false };
  const e = err as { code?: unknown; message?: unknown; routine?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = scrub(typeof e?.message === 'string' ? e.message : String(err));
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    if (code === '57014') {
      return /statement timeout/i.test(message)
        ? { code: 'statement_timeout', message: `the query ran longer than the statement timeout: ${message}`, retryable: true }
        : { code: 'query_cancelled', message, retryable: true };
    }
    if (code === '25006') return { code: 'read_only_violation', message: `the query tried to write, and datasets are read only: ${message}`, retryable: false };
    if (code.startsWith('08') || CONNECTION_STATES.has(code)) return { code: 'connection_failed', message, retryable: true };
    if (code.startsWith('28') || code === '3D000') return { code: 'connection_failed', message, retryable: false };
    if (code.startsWith('40')) return { code: 'query_failed', message, retryable: true };
    return { code: 'query_failed', message: `${message} (SQLSTATE ${code})`, retryable: false };
  }
  if (code && NETWORK_CODES.has(code)) return { code: 'connection_failed', message, retryable: true };
  if (/connection terminated|connection timeout|timeout exceeded when trying to connect|terminating connection/i.test(message)) {
    return { code: 'connection_failed', message, retryable: true };
  }
  return { code: 'internal_error', message, retryable: false };
}

/** Masks connection URLs (and so their passwords) in a message. */
export function scrub(message: string): string {
  return message.replace(/postgres(ql)?:\/\/\S+/gi, 'postgres://…').slice(0, 2000);
}
