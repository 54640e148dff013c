import { startTestApp, type TestApp } from '../../test/test-app';

type ErrorBody = { error: { code: string; message: string; details?: { field: string; message: string }[] } };

/** JSON text of `depth` nested objects around `leaf` (JSON.stringify would overflow the stack). */
const nested = (depth: number, leaf = '1') => '{"v":'.repeat(depth) + leaf + '}'.repeat(depth);

describe('input the database cannot take is refused at the edge', () => {
  let t: TestApp;
  let admin: string;
  let key: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.tokenFor('admin');
    key = await t.ingestKey();
  });
  afterAll(() => t.close());

  const send = (method: string, path: string, token: string, body: string, contentType = 'application/json') =>
    fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });

  describe('JSON nesting', () => {
    it('answers JSON deeper than 64 levels 400 on API and ingest routes', async () => {
      const deep = `{"email": "deep@test.local", "name": "Deep", "role": "viewer", "password": "correct horse battery", "extra": ${nested(5000)}}`;
      const users = await send('POST', '/api/v1/users', admin, deep);
      expect(users.status).toBe(400);
      expect((await users.json()) as ErrorBody).toEqual({
        error: { code: 'malformed_body', message: expect.stringContaining('64 levels'), details: [{ field: 'body', message: 'nests deeper than 64 levels' }] },
      });
      const event = `{"id": "deep-1", "flow": "f", "recordKey": "k", "recordType": "invoice", "stage": "emitted", "system": "s", "occurredAt": "2026-11-20T09:00:00Z", "attributes": ${nested(5000)}}`;
      const events = await send('POST', '/api/v1/events', key, `{"events": [${event}]}`);
      expect(events.status).toBe(400);
    });

    it('answers OTLP/JSON deeper than 64 levels 400 with a Status', async () => {
      const value = '{"kvlistValue": {"values": [{"key": "k", "value": '.repeat(3000) + '{"stringValue": "x"}' + '}]}}'.repeat(3000);
      const doc = `{"resourceSpans": [{"resource": {"attributes": [{"key": "deep", "value": ${value}}]}, "scopeSpans": []}]}`;
      const res = await send('POST', '/v1/traces', key, doc);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: 3, message: expect.stringContaining('64 levels') });
    });

    it('still takes 64 levels', async () => {
      const res = await send('POST', '/api/v1/events', key, `{"events": [{"id": "deep-ok", "attributes": ${nested(60)}}]}`);
      expect(res.status).toBe(200);
    });
  });

  describe('NUL characters', () => {
    it('answers a NUL in a body field 400 naming the field', async () => {
      const res = await send(
        'POST',
        '/api/v1/users',
        admin,
        JSON.stringify({ email: 'nul@test.local', name: 'Ada\u0000Lovelace', role: 'viewer', password: 'correct horse battery' }),
      );
      expect(res.status).toBe(400);
      expect((await res.json()) as ErrorBody).toMatchObject({
        error: { code: 'validation_failed', details: [{ field: 'name', message: expect.stringContaining('NUL') }] },
      });
    });

    it('answers a NUL in a query value 400 naming the parameter', async () => {
      const res = await fetch(`${t.url}/api/v1/exceptions?flow=a%00b`, { headers: { authorization: `Bearer ${admin}` } });
      expect(res.status).toBe(400);
      expect((await res.json()) as ErrorBody).toMatchObject({ error: { details: [{ field: 'flow' }] } });
    });

    it('answers a NUL made by a YAML escape in the catalog 400', async () => {
      const yaml = 'systems:\n  - id: "net\\0suite"\n    name: NetSuite\n    kind: erp\n';
      const res = await send('PUT', '/api/v1/catalog?mode=merge', admin, yaml, 'application/yaml');
      expect(res.status).toBe(400);
      expect((await res.json()) as ErrorBody).toMatchObject({ error: { details: [{ field: 'systems.0.id' }] } });
    });

    it('rejects an event with a NUL on its own, by index and field, and keeps the batch', async () => {
      const event = (id: string, extra: Record<string, unknown> = {}) => ({
        id,
        flow: 'nul-flow',
        recordKey: `REC-${id}`,
        recordType: 'invoice',
        stage: 'failed',
        system: 'coupa',
        occurredAt: '2026-11-20T09:00:00.000Z',
        ...extra,
      });
      const res = await send(
        'POST',
        '/api/v1/events',
        key,
        JSON.stringify({ events: [event('nul-ok'), event('nul-bad', { error: { class: 'mapping', message: 'bad\u0000message' } })] }),
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [{ index: 1, errors: [expect.objectContaining({ field: 'error.message' })] }] });
    });
  });
});
