import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/** One request a loopback receiver got. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A real HTTP receiver on loopback: records every request and answers what `respond` says (202 by default). */
export interface LoopbackReceiver {
  url: string;
  received: Received[];
  respond: (r: Received, n: number) => Answer;
  close(): Promise<void>;
}

export async function startReceiver(respond: (r: Received, n: number) => Answer = () => ({ status: 202 })): Promise<LoopbackReceiver> {
  const received: Received[] = [];
  const self: LoopbackReceiver = { url: '', received, respond, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // recorded raw
      }
      const r: Received = { path: req.url ?? '/', headers: req.headers, raw, body, at: Date.now() };
      received.push(r);
      const a = self.respond(r, received.length);
      res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
      res.end(a.body ?? '{"status":"success","message":"Event processed"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  self.url = `http://127.0.0.1:${port}`;
  self.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return self;
}
