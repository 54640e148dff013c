import { startTestApp, type TestApp } from '../../test/test-app';

/** Every endpoint (docs/security.md) states its roles. The OpenAPI document shows them. */
describe('endpoint access declarations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists an access rule for every operation in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, { 'x-closewatch-access'?: unknown }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, access: op['x-closewatch-access'] })),
    );
    expect(operations.length).toBeGreaterThan(5);
    expect(operations.filter((o) => o.access === undefined)).toEqual([]);
  });
});
