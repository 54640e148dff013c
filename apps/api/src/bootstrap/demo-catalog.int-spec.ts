import { join } from 'node:path';
import { createTestDatabase } from '../../test/support/test-database';
import { startTestApp, type TestApp } from '../../test/test-app';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/config';
import { CloseCalendarsService } from '../close/close-calendars.service';
import { FxRatesService } from '../close/fx-rates.service';
import { CatalogService } from '../flows/catalog.service';
import { DEMO_REPLAY_RECEIVER } from '@closewatch/contracts/replays';
import { ReceiversService } from '../alerts/receivers/receivers.service';
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

  it('loads the simulator catalog with a close calendar for each demo entity', async () => {
    const summary = await t.app.get(BootstrapService).loadDemoCatalog();
    expect(summary?.created.calendars).toEqual(['DE01', 'MX01', 'UK01', 'US01']);
    const de = await t.app.get(CloseCalendarsService).window('DE01', '2026-11');
    expect(de?.deadlineAt.toISOString()).toBe('2026-12-07T17:00:00.000Z');
  });

  it('seeds month-end FX rates once, keeping rates someone changed', async () => {
    const boot = t.app.get(BootstrapService);
    const now = new Date('2026-12-07T02:00:00Z');
    expect(await boot.loadDemoFxRates(now)).toBe(65); // 13 month ends × EUR, GBP, MXN, CAD, CHF
    const fx = t.app.get(FxRatesService);
    await fx.put({ date: '2026-11-30', base: 'USD', rates: { EUR: '0.9000', GBP: '0.8000', MXN: '18.0000', CAD: '1.2500', CHF: '0.9000' } });
    expect(await boot.loadDemoFxRates(now)).toBe(0);
    expect(await fx.convertForPeriod('100', 'USD', 'EUR', '2026-11')).toMatchObject({ ok: true, amount: '90' });
    expect(await fx.convertForPeriod('100', 'EUR', 'MXN', '2026-11')).toMatchObject({ ok: true, method: 'cross', amount: '2000' });
    // The foreign currencies of the demo's records convert too (no "no rate" across the demo).
    expect(await fx.convertForPeriod('125', 'CAD', 'USD', '2026-11')).toMatchObject({ ok: true, method: 'inverse', amount: '100' });
  });

  it("points the demo replay receiver the catalog's record flows name at the simulator's loopback endpoint, anew at each start", async () => {
    const boot = t.app.get(BootstrapService);
    const receivers = t.app.get(ReceiversService);
    const first = await boot.ensureDemoReplayReceiver(39311);
    expect(first.port).toBe(39311);
    expect(await receivers.open(DEMO_REPLAY_RECEIVER)).toMatchObject({ kind: 'webhook', url: 'http://127.0.0.1:39311/replays', secret: first.secret });
    // Port 0: a free loopback port; the secret is new each start.
    const second = await boot.ensureDemoReplayReceiver(0);
    expect(second.port).toBeGreaterThan(0);
    expect(second.secret).not.toBe(first.secret);
    expect(await receivers.open(DEMO_REPLAY_RECEIVER)).toMatchObject({ url: `http://127.0.0.1:${second.port}/replays`, secret: second.secret });
    const flows = (await t.app.get(CatalogService).flow('coupa-to-oracle-invoices'))?.replay;
    expect(flows).toEqual({ receiver: DEMO_REPLAY_RECEIVER });
  });

  it('skips a missing file without failing startup', async () => {
    await expect(t.app.get(BootstrapService).loadDemoCatalog('/nonexistent/demo-catalog.yaml')).resolves.toBeUndefined();
  });
});

describe('demo catalog before the app is initialised', () => {
  // main.ts runs the bootstrap between createApp and listen, before any onModuleInit hook.
  it('imports the calendars too', async () => {
    const db = await createTestDatabase();
    const config = loadConfig({
      CLOSEWATCH_DEMO: 'false',
      CLOSEWATCH_SCHEDULERS: 'false',
      LOG_LEVEL: 'error',
      CLOSEWATCH_DATA_DIR: '/tmp/closewatch-test-data',
    });
    const app = await createApp(config, db.url);
    try {
      const summary = await app.get(BootstrapService).loadDemoCatalog();
      expect(summary?.created.calendars).toEqual(['DE01', 'MX01', 'UK01', 'US01']);
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
