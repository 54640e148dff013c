import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../test/test-app';
import { CatalogService } from '../flows/catalog.service';
import { BootstrapService } from './bootstrap.service';
import { demoCatalogPath } from './demo-catalog';

const FIXTURE = join(__dirname, '..', 'flows', 'fixtures', 'small-catalog.yaml');

describe('demo catalog at startup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('looks for the simulator catalog next to the simulator app', () => {
    expect(demoCatalogPath()).toBe(join(__dirname, '..', '..', '..', 'simulator', 'demo-catalog.yaml'));
  });

  it('merges a catalog file through the same import as the API, and again without changes', async () => {
    const boot = t.app.get(BootstrapService);
    const first = await boot.loadDemoCatalog(FIXTURE);
    expect(first?.created.flows).toEqual(['coupa-to-oracle-invoices', 'oracle-to-anaplan-actuals', 'salesforce-to-oracle-orders']);
    expect(await t.app.get(CatalogService).isRegistered('oracle-to-anaplan-actuals')).toBe(true);
    const second = await boot.loadDemoCatalog(FIXTURE);
    expect(second?.unchanged.flows).toEqual(first?.created.flows);
    expect(second?.created).toEqual({ systems: [], flows: [], calendars: [] });
  });

  it('skips a missing file without failing startup', async () => {
    await expect(t.app.get(BootstrapService).loadDemoCatalog('/nonexistent/demo-catalog.yaml')).resolves.toBeUndefined();
  });
});
