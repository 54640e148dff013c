import { type AuditEntryDto } from '@closewatch/contracts/audit';
import { type FlowDto } from '@closewatch/contracts/catalog';
import { type ConfigDiffDto, type ConfigVersionListDto, type PendingChangeDto } from '@closewatch/contracts/config-history';
import { type Page } from '@closewatch/contracts/pagination';
import { type ReconDto } from '@closewatch/contracts/recon';
import { type RouteDto } from '@closewatch/contracts/alerts';
import { seedFlows, signedIn, type TestUser } from '../../test/exception-fixtures';
import { addFlow, addSystems, call } from '../../test/sync-health-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { ReconsService } from '../recon/definitions/recons.service';

const recon = (id: string, flow: string, over: Record<string, unknown> = {}) => ({
  id,
  name: id,
  flow,
  source: { connector: 'telemetry', stage: 'received', system: 'coupa' },
  target: { connector: 'telemetry', stage: 'posted', system: 'netsuite' },
  key: ['recordKey'],
  ...over,
});

const RECEIVER = { name: 'ops', kind: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' };
const route = (name: string, order: number) => ({ name, order, match: { flow: 'p2p' }, receivers: ['ops'] });

describe('governed configuration', () => {
  describe('versions', () => {
    let t: TestApp;
    let admin: TestUser;
    let fin: TestUser;
    let viewer: TestUser;

    beforeAll(async () => {
      t = await startTestApp();
      [admin, fin, viewer] = await Promise.all([signedIn(t, 'admin'), signedIn(t, 'finance_ops'), signedIn(t, 'viewer')]);
      await addSystems(t, admin.token, ['coupa', 'netsuite']);
    });
    afterAll(() => t?.close());

    const versions = (path: string) => call<ConfigVersionListDto>(t, 'GET', `${path}/versions`, viewer.token);
    const diff = (path: string, from: number, to: number) => call<ConfigDiffDto>(t, 'GET', `${path}/versions/diff?from=${from}&to=${to}`, viewer.token);

    it('keeps every version of a flow, newest first, with who and when, and diffs two of them', async () => {
      const flow = await addFlow(t, admin.token, { id: 'p2p' });
      expect((await call(t, 'PUT', '/api/v1/flows/p2p', admin.token, { ...flow, materiality: { amount: '1000.00', currency: 'USD' } })).status).toBe(200);
      expect((await call(t, 'PUT', '/api/v1/flows/p2p', admin.token, { ...flow, name: 'Procure to pay', materiality: null })).status).toBe(200);
      const list = await versions('/api/v1/flows/p2p');
      expect(list.status).toBe(200);
      expect(list.body.items.map((v) => [v.version, v.op, v.actor.id])).toEqual([
        [3, 'update', admin.id],
        [2, 'update', admin.id],
        [1, 'create', admin.id],
      ]);
      expect(list.body.items[1]!.snapshot).toMatchObject({ materiality: { amount: '1000.00', currency: 'USD' } });
      const d = await diff('/api/v1/flows/p2p', 2, 3);
      expect(d.status).toBe(200);
      expect(d.body.changes).toEqual([
        { path: 'materiality', change: 'changed', before: { amount: '1000.00', currency: 'USD' }, after: null },
        { path: 'name', change: 'changed', before: 'p2p', after: 'Procure to pay' },
      ]);
      expect((await call(t, 'DELETE', '/api/v1/flows/p2p', admin.token)).status).toBe(204);
      const afterDelete = await versions('/api/v1/flows/p2p');
      expect(afterDelete.body.items[0]).toMatchObject({ version: 4, op: 'delete', snapshot: null });
      await addFlow(t, admin.token, { id: 'p2p' }); // numbering goes on after a re-creation
      expect((await versions('/api/v1/flows/p2p')).body.items[0]).toMatchObject({ version: 5, op: 'create' });
    });

    it('starts with a baseline when an object from before versioning changes', async () => {
      await seedFlows(t, [{ id: 'legacy' }]);
      const flow = (await call<FlowDto>(t, 'GET', '/api/v1/flows/legacy', viewer.token)).body;
      expect((await call(t, 'PUT', '/api/v1/flows/legacy', admin.token, { ...flow, name: 'Legacy' })).status).toBe(200);
      const list = (await versions('/api/v1/flows/legacy')).body.items;
      expect(list.map((v) => [v.version, v.op, v.actor.kind])).toEqual([
        [2, 'update', 'user'],
        [1, 'baseline', 'system'],
      ]);
      expect((await diff('/api/v1/flows/legacy', 1, 2)).body.changes).toEqual([{ path: 'name', change: 'changed', before: 'legacy', after: 'Legacy' }]);
    });

    it('keeps versions of reconciliations, close calendars and alert routes', async () => {
      expect((await call(t, 'POST', '/api/v1/recons', admin.token, recon('r1', 'p2p'))).status).toBe(201);
      expect((await call(t, 'PUT', '/api/v1/recons/r1', admin.token, recon('r1', 'p2p', { name: 'Renamed' }))).status).toBe(200);
      expect((await diff('/api/v1/recons/r1', 1, 2)).body.changes).toEqual([{ path: 'name', change: 'changed', before: 'r1', after: 'Renamed' }]);

      const calendar = { timezone: 'UTC', workweek: [1, 2, 3, 4, 5], holidays: [], closeStart: 'WD-2', deadline: 'WD+5', deadlineTime: '18:00' };
      expect((await call(t, 'PUT', '/api/v1/close-calendars/DE01', fin.token, calendar)).status).toBe(201);
      expect((await call(t, 'PUT', '/api/v1/close-calendars/DE01', fin.token, { ...calendar, deadline: 'WD+4' })).status).toBe(200);
      const cal = await versions('/api/v1/close-calendars/DE01');
      expect(cal.body.items.map((v) => [v.version, v.op, v.actor.id])).toEqual([
        [2, 'update', fin.id],
        [1, 'create', fin.id],
      ]);
      expect((await diff('/api/v1/close-calendars/DE01', 1, 2)).body.changes).toEqual([{ path: 'deadline', change: 'changed', before: 'WD+5', after: 'WD+4' }]);

      expect((await call(t, 'POST', '/api/v1/alert-receivers', admin.token, RECEIVER)).status).toBe(201);
      expect((await call(t, 'POST', '/api/v1/alert-routes', admin.token, route('ap', 10))).status).toBe(201);
      expect((await call(t, 'PUT', '/api/v1/alert-routes/ap', admin.token, route('ap', 20))).status).toBe(200);
      expect((await diff('/api/v1/alert-routes/ap', 2, 1)).body.changes).toEqual([{ path: 'order', change: 'changed', before: 20, after: 10 }]);
    });

    it('answers 404 for an object without versions or a missing version, 400 for a bad version number', async () => {
      expect((await versions('/api/v1/recons/nope')).status).toBe(404);
      const missing = await diff('/api/v1/recons/r1', 1, 9);
      expect(missing.status).toBe(404);
      expect(JSON.stringify(missing.body)).toContain('version 9 (to)');
      const bad = await call<{ error: { details: { field: string }[] } }>(t, 'GET', '/api/v1/recons/r1/versions/diff?from=zero&to=1', viewer.token);
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0]!.field).toBe('from');
    });
  });

  describe('four-eyes (CLOSEWATCH_CONFIG_APPROVAL=true)', () => {
    let t: TestApp;
    let author: TestUser;
    let second: TestUser;
    let auditor: TestUser;

    const entries = async (q: string) => (await call<Page<AuditEntryDto>>(t, 'GET', `/api/v1/audit?limit=1000&${q}`, auditor.token)).body.items;

    beforeAll(async () => {
      t = await startTestApp({ CLOSEWATCH_CONFIG_APPROVAL: 'true' });
      [author, second, auditor] = await Promise.all([signedIn(t, 'admin'), signedIn(t, 'admin'), signedIn(t, 'auditor')]);
      await addSystems(t, author.token, ['coupa', 'netsuite']);
      await addFlow(t, author.token, { id: 'p2p' }); // creating a flow does not wait
      expect((await call(t, 'POST', '/api/v1/alert-receivers', author.token, RECEIVER)).status).toBe(201);
    });
    afterAll(() => t?.close());

    it('holds a route change until a second admin approves it; the author is refused', async () => {
      const asked = await call<PendingChangeDto>(t, 'POST', '/api/v1/alert-routes', author.token, route('ap', 10));
      expect(asked.status).toBe(202);
      expect(asked.body).toMatchObject({ kind: 'alert_route', objectId: 'ap', op: 'create', status: 'pending', requestedBy: { id: author.id } });
      expect((await call(t, 'GET', '/api/v1/alert-routes/ap', author.token)).status).toBe(404);

      const own = await call<{ error: { code: string; message: string } }>(t, 'POST', `/api/v1/config-changes/${asked.body.id}/approve`, author.token);
      expect(own.status).toBe(403);
      expect(own.body.error.message).toContain('second person');
      expect((await call(t, 'GET', '/api/v1/alert-routes/ap', author.token)).status).toBe(404);

      const approved = await call<PendingChangeDto>(t, 'POST', `/api/v1/config-changes/${asked.body.id}/approve`, second.token);
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', decidedBy: { id: second.id } });
      expect((await call<RouteDto>(t, 'GET', '/api/v1/alert-routes/ap', author.token)).body).toMatchObject({ order: 10 });
      expect((await call(t, 'POST', `/api/v1/config-changes/${asked.body.id}/approve`, second.token)).status).toBe(409);

      const v = (await call<ConfigVersionListDto>(t, 'GET', '/api/v1/alert-routes/ap/versions', auditor.token)).body.items;
      expect(v).toEqual([
        expect.objectContaining({
          version: 1,
          op: 'create',
          actor: expect.objectContaining({ id: author.id }),
          approvedBy: expect.objectContaining({ id: second.id }),
        }),
      ]);
      const trail = (await entries(`objectType=config_change&objectId=${asked.body.id}`)).reverse();
      expect(trail.map((e) => [e.action, e.actor.id])).toEqual([
        ['config_change.request', author.id],
        ['config_change.approve', second.id],
      ]);
      expect((await entries('objectType=alert_route&objectId=ap')).map((e) => [e.action, e.actor.id])).toEqual([['alert_route.create', author.id]]);
    });

    it('holds a reconciliation change and drops it when rejected', async () => {
      // Closewatch's own changes never wait: seed the definition as the system.
      await t.app.get(ReconsService).create(recon('r1', 'p2p'));
      const asked = await call<PendingChangeDto>(t, 'PUT', '/api/v1/recons/r1', author.token, recon('r1', 'p2p', { name: 'Renamed' }));
      expect(asked.status).toBe(202);
      expect(asked.body.changes).toEqual([{ path: 'name', change: 'changed', before: 'r1', after: 'Renamed' }]);
      const pending = await call<Page<PendingChangeDto>>(t, 'GET', '/api/v1/config-changes?status=pending', auditor.token);
      expect(pending.body.items.map((c) => c.id)).toEqual([asked.body.id]);

      const rejected = await call<PendingChangeDto>(t, 'POST', `/api/v1/config-changes/${asked.body.id}/reject`, second.token, { note: 'not now' });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', note: 'not now', decidedBy: { id: second.id } });
      expect((await call<ReconDto>(t, 'GET', '/api/v1/recons/r1', author.token)).body.name).toBe('r1');
      expect((await call(t, 'POST', `/api/v1/config-changes/${asked.body.id}/approve`, second.token)).status).toBe(409);
      expect((await entries(`objectType=config_change&objectId=${asked.body.id}`)).map((e) => e.action)).toEqual([
        'config_change.reject',
        'config_change.request',
      ]);
      expect((await call(t, 'POST', '/api/v1/config-changes/00000000-0000-0000-0000-000000000000/approve', second.token)).status).toBe(404);
      expect((await call(t, 'POST', `/api/v1/config-changes/${asked.body.id}/approve`, auditor.token)).status).toBe(403);
    });

    it('holds a change of a flow’s materiality, not other flow changes, and refuses it in the catalog document', async () => {
      const flow = (await call<FlowDto>(t, 'GET', '/api/v1/flows/p2p', author.token)).body;
      expect((await call(t, 'PUT', '/api/v1/flows/p2p', author.token, { ...flow, name: 'P2P' })).status).toBe(200);
      const asked = await call<PendingChangeDto>(t, 'PUT', '/api/v1/flows/p2p', author.token, {
        ...flow,
        name: 'P2P',
        materiality: { amount: '500', currency: 'USD' },
      });
      expect(asked.status).toBe(202);
      expect(asked.body.changes).toEqual([{ path: 'materiality', change: 'changed', before: null, after: { amount: '500.00', currency: 'USD' } }]);
      expect((await call<FlowDto>(t, 'GET', '/api/v1/flows/p2p', author.token)).body.materiality).toBeNull();
      // A change made meanwhile would be undone by the held one: its approval is refused, nothing written.
      expect((await call(t, 'PUT', '/api/v1/flows/p2p', author.token, { ...flow, name: 'P2P meanwhile' })).status).toBe(200);
      const stale = await call<{ error: { message: string } }>(t, 'POST', `/api/v1/config-changes/${asked.body.id}/approve`, second.token);
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toContain('changed since this change was asked for');
      expect((await call<FlowDto>(t, 'GET', '/api/v1/flows/p2p', author.token)).body).toMatchObject({ name: 'P2P meanwhile', materiality: null });
      expect((await call(t, 'POST', `/api/v1/config-changes/${asked.body.id}/reject`, author.token, { note: 'stale' })).status).toBe(200);

      const again = await call<PendingChangeDto>(t, 'PUT', '/api/v1/flows/p2p', author.token, {
        ...flow,
        name: 'P2P',
        materiality: { amount: '500', currency: 'USD' },
      });
      expect(again.status).toBe(202);
      expect((await call(t, 'POST', `/api/v1/config-changes/${again.body.id}/approve`, second.token)).status).toBe(200);
      expect((await call<FlowDto>(t, 'GET', '/api/v1/flows/p2p', author.token)).body.materiality).toEqual({ amount: '500.00', currency: 'USD' });

      const doc = (await call<{ flows: FlowDto[] }>(t, 'GET', '/api/v1/catalog?format=json', author.token)).body;
      const changed = { ...doc, flows: doc.flows.map((f) => ({ ...f, materiality: { amount: '9999', currency: 'USD' } })) };
      const refused = await call<{ error: { details: { field: string }[] } }>(t, 'PUT', '/api/v1/catalog?mode=merge', author.token, changed);
      expect(refused.status).toBe(409);
      expect(refused.body.error.details.map((d) => d.field)).toEqual(['flows[0].materiality']);
    });
  });
});
