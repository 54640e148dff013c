import { isRetryableDbError } from './transaction-retry';

/** Connection-level failures: a node socket error or a PostgreSQL class 08/57P/53300 error. */
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const PG_CODES = new Set([
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);
const MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:is )?closed/i,
  /Client has encountered a connection error/i,
];

/**
 * Whether an error means the database cannot take the write right now (down, restarting, out of
 * connections, or a transient conflict), so the client should retry later (503 + Retry-After),
 * rather than a fault in the request or the code.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as ErrorLike | undefined, depth = 0; e && depth < 5; e = (e.driverError ?? e.cause) as ErrorLike | undefined, depth++) {
    // A deadlock victim or a serialization failure wrote nothing: the client should retry.
    if (isRetryableDbError(e)) return true;
    if (typeof e.code === 'string' && (NODE_CODES.has(e.code) || PG_CODES.has(e.code) || e.code.startsWith('08'))) return true;
    if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x))) return true; // AggregateError (IPv4 + IPv6 attempts)
    if (typeof e.message === 'string' && MESSAGES.some((re) => re.test(e.message!))) return true;
  }
  return false;
}

interface ErrorLike {
  code?: unknown;
  message?: string;
  errors?: unknown[];
  driverError?: unknown;
  cause?: unknown;
}
