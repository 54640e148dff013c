import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { type HttpDataset } from '@closewatch/contracts/recon';
import { httpSide } from './connector-http';
import { type HttpAddressPolicy, parseHttpAllowList } from '../../../config/http-allow-list';
import { DENY_ALL_SPECIAL } from './http-address-policy';
import { ReconRunFailure } from '../../runs/run-failure';

const TOKEN = 'Bearer secret-token';

interface Loopback {
  server: Server;
  url: string;
  port: number;
  seen: { path: string; headers: IncomingHttpHeaders }[];
}

function listen(host: string, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Loopback> {
  const seen: Loopback['seen'] = [];
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? '/', headers: req.headers });
    handler(req, res);
  });
  return new Promise((resolve) =>
    server.listen(0, host, () => {
      const port = (server.address() as { port: number }).port;
      resolve({ server, port, url: `http://${host}:${port}`, seen });
    }),
  );
}

const json = (res: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

async function read(dataset: Omit<HttpDataset, 'connector'>, policy: HttpAddressPolicy, maxBytes = 1024 * 1024): Promise<unknown[]> {
  const side = httpSide({
    dataset: { connector: 'http', ...dataset },
    scope: {},
    headers: { Authorization: TOKEN },
    policy,
    maxBytes,
    timeoutMs: 5000,
    retries: 0,
  });
  const rows: unknown[] = [];
  for await (const row of side.rows) rows.push(row);
  return rows;
}

async function failure(p: Promise<unknown>): Promise<ReconRunFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ReconRunFailure) return err;
    throw err;
  }
  throw new Error('the read did not fail');
}

const loopbackAllowed = parseHttpAllowList('127.0.0.1').policy;

describe('http datasets: address policy, headers and size', () => {
  let a: Loopback;
  let b: Loopback;
  let other: Loopback;

  beforeAll(async () => {
    a = await listen('127.0.0.1', (req, res) => {
      if (req.url === '/records') return json(res, [{ id: 1 }]);
      if (req.url === '/to-metadata') return json(res, {}, 302, { location: 'http://169.254.169.254/latest/meta-data/' });
      if (req.url === '/to-other-loopback') return json(res, {}, 302, { location: `${other.url}/records` });
      if (req.url === '/to-b') return json(res, {}, 307, { location: `${b.url}/records` });
      if (req.url === '/linked') return json(res, { records: [{ id: 1 }], next: `${b.url}/page2` });
      if (req.url === '/big') return json(res, [{ id: 1, pad: 'x'.repeat(4096) }]);
      if (req.url === '/gzip' || req.url === '/gzip-bomb') {
        // 1 KiB of records, or 8 MiB of zeros that compress to a few KiB.
        const text = req.url === '/gzip' ? JSON.stringify([{ id: 1, pad: 'y'.repeat(900) }]) : `[${'0,'.repeat(4 * 1024 * 1024)}0]`;
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        return res.end(gzipSync(text));
      }
      if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(16 * 1024, 32);
        const write = () => {
          while (res.write(chunk));
        };
        res.on('drain', write);
        write();
        return;
      }
      return json(res, { error: 'not found' }, 404);
    });
    b = await listen('127.0.0.1', (req, res) => (req.url === '/page2' ? json(res, { records: [{ id: 2 }], next: null }) : json(res, [{ id: 'b' }])));
    other = await listen('127.0.0.2', (_req, res) => json(res, [{ id: 'other' }]));
  });

  afterAll(async () => {
    for (const s of [a, b, other]) {
      s.server.closeAllConnections();
      await new Promise((r) => s.server.close(r));
    }
  });

  it('refuses loopback by default, however the address is written, before connecting', async () => {
    const port = a.port;
    for (const url of [
      `http://127.0.0.1:${port}/records`,
      `http://localhost:${port}/records`,
      `http://2130706433:${port}/records`,
      `http://0177.0.0.1:${port}/records`,
      `http://[::ffff:127.0.0.1]:${port}/records`,
    ]) {
      const err = await failure(read({ url }, DENY_ALL_SPECIAL));
      expect(err.code).toBe('http_refused');
      expect(err.message).toMatch(/loopback address/);
      expect(err.retryable).toBe(false);
    }
    expect(a.seen).toEqual([]);
  });

  it('reaches loopback when CLOSEWATCH_HTTP_DATASET_ALLOW lists it (as an address, a range or the host name)', async () => {
    expect(await read({ url: `${a.url}/records` }, loopbackAllowed)).toEqual([{ id: 1 }]);
    expect(await read({ url: `${a.url}/records` }, parseHttpAllowList('127.0.0.0/8, ::1').policy)).toEqual([{ id: 1 }]);
    expect(await read({ url: `http://localhost:${a.port}/records` }, parseHttpAllowList('localhost').policy)).toEqual([{ id: 1 }]);
  });

  it('refuses a redirect from an allowed host to a denied address', async () => {
    const metadata = await failure(read({ url: `${a.url}/to-metadata` }, loopbackAllowed));
    expect(metadata.code).toBe('http_refused');
    expect(metadata.message).toMatch(/redirected to http:\/\/169\.254\.169\.254\/latest\/meta-data\/: 169\.254\.169\.254 is a link-local address/);
    const otherLoopback = await failure(read({ url: `${a.url}/to-other-loopback` }, loopbackAllowed));
    expect(otherLoopback.message).toMatch(/127\.0\.0\.2 is a loopback address/);
    expect(other.seen).toEqual([]);
  });

  it('sends the configured headers only to the dataset URL origin: not along a redirect or a next link elsewhere', async () => {
    a.seen.length = 0;
    b.seen.length = 0;
    expect(await read({ url: `${a.url}/to-b` }, loopbackAllowed)).toEqual([{ id: 'b' }]);
    expect(await read({ url: `${a.url}/linked`, recordsPath: 'records', pagination: { type: 'next-link', path: 'next' } }, loopbackAllowed)).toEqual([
      { id: 1 },
      { id: 2 },
    ]);
    expect(a.seen.map((s) => s.headers.authorization)).toEqual([TOKEN, TOKEN]);
    expect(b.seen.map((s) => [s.path, s.headers.authorization])).toEqual([
      ['/records', undefined],
      ['/page2', undefined],
    ]);
  });

  it('fails a page larger than the cap, whether it declares its length or streams without end', async () => {
    const declared = await failure(read({ url: `${a.url}/big` }, loopbackAllowed, 1024));
    expect(declared.code).toBe('http_too_large');
    expect(declared.message).toMatch(/larger than 1024 bytes \(CLOSEWATCH_HTTP_DATASET_MAX_BYTES\)/);
    const endless = await failure(read({ url: `${a.url}/endless` }, loopbackAllowed, 256 * 1024));
    expect(endless.code).toBe('http_too_large');
  });

  it('decompresses gzip answers and counts the decompressed bytes against the cap', async () => {
    expect(await read({ url: `${a.url}/gzip` }, loopbackAllowed, 64 * 1024)).toEqual([{ id: 1, pad: 'y'.repeat(900) }]);
    const bomb = await failure(read({ url: `${a.url}/gzip-bomb` }, loopbackAllowed, 64 * 1024));
    expect(bomb.code).toBe('http_too_large');
  });
});

describe(parseHttpAllowList.name, () => {
  it('takes host names, addresses and CIDR ranges, and names what it cannot read', () => {
    const { policy, problems } = parseHttpAllowList('erp.internal, 10.0.0.0/8 [fd00::1] ::ffff:192.168.0.0/112 not/a/host');
    expect([...policy.hosts]).toEqual(['erp.internal']);
    expect(policy.ranges.map(([ip, bits]) => `${ip.toString()}/${bits}`)).toEqual(['10.0.0.0/8', 'fd00::1/128', '192.168.0.0/16']);
    expect(problems).toEqual(['CLOSEWATCH_HTTP_DATASET_ALLOW: "not/a/host" is not a host name, an IP address or a CIDR range']);
  });
});
