import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type ReplayAsk, readReplayWebhook } from './replay-webhook';

/** What the middleware answers a replay request: 202 when it will send the record again, else why not. */
export type ReplayAnswer = { status: 202 } | { status: 404 | 409; message: string };

export interface ReplayReceiverOptions {
  host: string;
  /** 0: any free port (the listening one is answered). */
  port: number;
  secret: string;
  /** Decides and schedules the replay; called once per delivery id. */
  accept: (ask: ReplayAsk) => ReplayAnswer;
}

export interface ReplayReceiver {
  url: string;
  close(): Promise<void>;
}

/** The path Closewatch's replay receiver for the demo points at. */
export const REPLAY_PATH = '/replays';
const MAX_BODY_BYTES = 256 * 1024;
/** Delivery ids remembered for dedupe (a retry of one request is answered the same, not replayed twice). */
const SEEN_DELIVERIES = 10_000;

/**
 * The demo middleware's replay endpoint: a real HTTP server on loopback that takes Closewatch's
 * signed replay webhooks (`POST /replays`), refuses a bad signature (401) or body (400), and
 * answers each delivery id once, a retry getting the first answer again.
 */
export async function startReplayReceiver(o: ReplayReceiverOptions): Promise<ReplayReceiver> {
  const answered = new Map<string, ReplayAnswer>();
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== REPLAY_PATH) return reply(res, 404, { error: `only POST ${REPLAY_PATH} is served here` });
    void readBody(req).then((raw) => {
      if (!raw) return reply(res, 413, { error: `the body is over ${MAX_BODY_BYTES} bytes` });
      const read = readReplayWebhook(raw, { signature: header(req, 'x-closewatch-signature'), deliveryId: header(req, 'x-closewatch-delivery') }, o.secret);
      if (!read.ok) return reply(res, read.status, { error: read.message });
      let answer = answered.get(read.ask.deliveryId);
      if (!answer) {
        answer = o.accept(read.ask);
        answered.set(read.ask.deliveryId, answer);
        if (answered.size > SEEN_DELIVERIES) answered.delete(answered.keys().next().value as string);
      }
      reply(res, answer.status, answer.status === 202 ? { accepted: true, replayRequestId: read.ask.replayRequestId } : { error: answer.message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://${o.host}:${port}${REPLAY_PATH}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The raw body, or null once it grows past the limit. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
