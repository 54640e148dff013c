import { connect } from 'node:net';
import { startTestApp, type TestApp } from '../../test/test-app';

/** Requests Node's HTTP parser refuses still get the API's JSON error body (found by the input fuzzing). */
describe('requests refused by the HTTP parser', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers a URL over the header limit with 431 and a JSON error', async () => {
    const res = await fetch(`${t.url}/api/v1/exceptions?recordKey=${'y'.repeat(70_000)}`);
    expect(res.status).toBe(431);
    expect(await res.json()).toEqual({
      error: { code: 'headers_too_large', message: expect.any(String), details: [{ field: 'url', message: 'is too long' }] },
    });
  });

  it('answers malformed HTTP with 400 and a JSON error', async () => {
    const { port } = new URL(t.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
      let out = '';
      socket.on('data', (d: Buffer) => (out += d.toString()));
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'malformed_body', message: expect.any(String), details: expect.any(Array) },
    });
  });
});
