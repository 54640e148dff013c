import { type DeliveryRequest } from './delivery-request';

export interface SendAnswer {
  statusCode: number | null;
  retryAfter: string | null;
  /** The receiver's message on a non-2xx answer (its body, cut), or the network error. */
  error: string | null;
  latencyMs: number;
}

const MAX_ERROR_CHARS = 1000;

/** POSTs one delivery; never throws (a network error or timeout is an answer without a status code). */
export async function send(req: DeliveryRequest, timeoutMs: number): Promise<SendAnswer> {
  const started = performance.now();
  try {
    const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text().catch(() => '');
    const ok = res.status >= 200 && res.status < 300;
    return {
      statusCode: res.status,
      retryAfter: res.headers.get('retry-after'),
      error: ok ? null : `${res.status} ${res.statusText}${text ? `: ${text.slice(0, MAX_ERROR_CHARS)}` : ''}`,
      latencyMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { statusCode: null, retryAfter: null, error: `request failed: ${reason}`, latencyMs: Math.round(performance.now() - started) };
  }
}
