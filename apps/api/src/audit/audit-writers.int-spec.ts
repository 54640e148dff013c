import { type AuditEntryDto, type AuditVerifyDto } from '@closewatch/contracts/audit';
import { type Page } from '@closewatch/contracts/pagination';
import { type IngestKeyDto } from '@closewatch/contracts/ingest-keys';
import { type UserDto } from '@closewatch/contracts/roles';
import { closeWindowAt, seedFlows, signedIn, type TestUser } from '../../test/exception-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { addFlow, addSystems, call } from '../../test/sync-health-fixtures';
import { ExceptionsService } from '../exceptions/exceptions.service';

/** Every writer hooked so far leaves exactly one entry per change, in its own transaction. */
describe('audited changes', () => {
  let t: TestApp;
  let admin: TestUser;
  let fin: TestUser;
  let auditor: TestUser;

  const entries = async (q: string) => (await call<Page<AuditEntryDto>>(t, 'GET', `/api/v1/audit?limit=1000&${q}`, auditor.token)).body.items;

  beforeAll(async () => {
    t = await startTestApp();
    await seedFlows(t, [{ id: 'coupa-to-oracle', impacts: ['close'] }]);
    [admin, fin, auditor] = await Promise.all([signedIn(t, 'admin'), signedIn(t, 'finance_ops'), signedIn(t, 'auditor')]);
  });
  afterAll(() => t?.close());

  it('records exception transitions and comments, with who, before and after', async () => {
    const { id } = await t.app
      .get(ExceptionsService)
      .recordFinding({ type: 'delivery_failure', flow: 'coupa-to-oracle', recordKey: 'INV-10023', cause: 'transient' });
    expect((await call(t, 'POST', `/api/v1/exceptions/${id}/acknowledge`, fin.token, { note: 'looking' })).status).toBe(200);
    expect((await call(t, 'POST', `/api/v1/exceptions/${id}/resolve`, fin.token, { code: 'fixed', note: 'resent' })).status).toBe(200);
    expect((await call(t, 'POST', `/api/v1/exceptions/${id}/comments`, fin.token, { text: 'checked with AP' })).status).toBe(201);
    expect((await call(t, 'POST', `/api/v1/exceptions/${id}/resolve`, fin.token, { code: 'fixed' })).status).toBe(409); // refused: nothing recorded

    const trail = (await entries(`objectType=exception&objectId=${id}`)).reverse();
    expect(trail.map((e) => e.action)).toEqual(['exception.created', 'exception.acknowledged', 'exception.resolved', 'exception.comment']);
    expect(trail[2]).toMatchObject({
      actor: { kind: 'user', id: fin.id, email: fin.email },
      before: { status: 'acknowledged' },
      after: { status: 'resolved', reason: 'resent', details: { code: 'fixed' } },
    });
    expect(trail[3]!.after).toMatchObject({ text: 'checked with AP' });
  });

  it('records the transitions Closewatch makes by itself, as the system', async () => {
    const exceptions = t.app.get(ExceptionsService);
    const { id } = await exceptions.recordFinding(
      { type: 'delivery_failure', flow: 'coupa-to-oracle', recordKey: 'INV-20001', cause: 'transient' },
      { actor: 'ingest' },
    );
    expect((await exceptions.autoResolve({ type: 'delivery_failure', flow: 'coupa-to-oracle', recordKey: 'INV-20001' }, 'record posted')).resolved).toEqual([
      id,
    ]);
    const trail = (await entries(`objectType=exception&objectId=${id}`)).reverse();
    expect(trail.map((e) => [e.action, e.actor.kind])).toEqual([
      ['exception.created', 'system'],
      ['exception.auto_resolved', 'system'],
    ]);
    expect(trail[0]).toMatchObject({ before: null, after: { status: 'open', source: 'ingest' } });
    expect(trail[1]).toMatchObject({ before: { status: 'open' }, after: { status: 'resolved', reason: 'record posted' } });
  });

  it('records users and ingest keys (never a password or a secret) and logins', async () => {
    const created = await call<UserDto>(t, 'POST', '/api/v1/users', admin.token, {
      email: 'new@test.local',
      name: 'New',
      role: 'viewer',
      password: 'correct horse battery',
    });
    expect(created.status).toBe(201);
    expect((await call(t, 'PATCH', `/api/v1/users/${created.body.id}`, admin.token, { role: 'finance_ops', password: 'another horse battery' })).status).toBe(
      200,
    );
    const userTrail = (await entries(`objectType=user&objectId=${created.body.id}`)).reverse();
    expect(userTrail.map((e) => [e.action, e.actor.id])).toEqual([
      ['user.create', admin.id],
      ['user.update', admin.id],
    ]);
    expect(userTrail[1]).toMatchObject({ before: { role: 'viewer' }, after: { role: 'finance_ops', passwordChanged: true } });
    expect(JSON.stringify(userTrail)).not.toMatch(/horse|argon/);

    const key = await call<{ key: IngestKeyDto; secret: string }>(t, 'POST', '/api/v1/ingest-keys', admin.token, { name: 'sap', scopes: ['events'] });
    expect(key.status).toBe(201);
    expect((await call(t, 'DELETE', `/api/v1/ingest-keys/${key.body.key.id}`, admin.token)).status).toBe(200);
    expect((await call(t, 'DELETE', `/api/v1/ingest-keys/${key.body.key.id}`, admin.token)).status).toBe(200); // already revoked: nothing new
    const keyTrail = (await entries(`objectType=ingest_key&objectId=${key.body.key.id}`)).reverse();
    expect(keyTrail.map((e) => e.action)).toEqual(['ingest_key.create', 'ingest_key.revoke']);
    expect(keyTrail[1]).toMatchObject({ before: { revokedAt: null }, after: { revokedAt: expect.any(String) } });
    expect(JSON.stringify(keyTrail)).not.toContain(key.body.secret);

    const login = (password: string) =>
      fetch(`${t.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'new@test.local', password }),
      });
    expect((await login('wrong horse battery')).status).toBe(401);
    expect((await login('another horse battery')).status).toBe(200);
    const logins = (await entries(`actor=new%40test.local&objectType=session`)).reverse();
    expect(logins.map((e) => [e.action, e.actor.id])).toEqual([
      ['auth.login_failed', null],
      ['auth.login', created.body.id],
    ]);
    expect(logins[0]!.after).toMatchObject({ reason: 'wrong_password' });
  });

  it('records close gate calls with who asked and the verdict', async () => {
    const period = new Date().toISOString().slice(0, 7);
    await closeWindowAt(t, 'DE01', period, new Date(Date.now() - 86_400_000), new Date(Date.now() + 86_400_000));
    const gate = await call<{ status: string }>(t, 'GET', `/api/v1/gates/close?entity=DE01&period=${period}`, fin.token);
    expect(gate.status).toBe(200);
    const calls = await entries(`action=close.gate_call&objectId=DE01%2F${period}`);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ actor: { kind: 'user', id: fin.id }, objectType: 'close_gate', after: { status: gate.body.status } });
  });

  it('records alert routes, receivers and silences with before and after, secrets masked', async () => {
    const receiver = { name: 'ops-slack', kind: 'slack', url: 'https://hooks.slack.com/services/T0/B0/s3cretpath' };
    expect((await call(t, 'POST', '/api/v1/alert-receivers', admin.token, receiver)).status).toBe(201);
    expect(
      (await call(t, 'PUT', '/api/v1/alert-receivers/ops-slack', admin.token, { ...receiver, url: 'https://hooks.slack.com/services/T1/B1/other' })).status,
    ).toBe(200);
    const route = { name: 'ap', order: 10, match: { flow: 'coupa-to-oracle' }, receivers: ['ops-slack'] };
    expect((await call(t, 'POST', '/api/v1/alert-routes', admin.token, route)).status).toBe(201);
    expect((await call(t, 'PUT', '/api/v1/alert-routes/ap', admin.token, { ...route, order: 20 })).status).toBe(200);
    expect((await call(t, 'DELETE', '/api/v1/alert-routes/ap', admin.token)).status).toBe(204);
    expect((await call(t, 'DELETE', '/api/v1/alert-receivers/ops-slack', admin.token)).status).toBe(204);
    const silence = await call<{ id: string }>(t, 'POST', '/api/v1/silences', fin.token, {
      matchers: { flow: 'coupa-to-oracle' },
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: 'maintenance',
    });
    expect(silence.status).toBe(201);
    expect((await call(t, 'DELETE', `/api/v1/silences/${silence.body.id}`, fin.token)).status).toBe(200);

    const routeTrail = (await entries('objectType=alert_route&objectId=ap')).reverse();
    expect(routeTrail.map((e) => e.action)).toEqual(['alert_route.create', 'alert_route.update', 'alert_route.delete']);
    expect(routeTrail[1]).toMatchObject({ actor: { id: admin.id }, before: { order: 10 }, after: { order: 20 } });
    const receiverTrail = (await entries('objectType=alert_receiver&objectId=ops-slack')).reverse();
    expect(receiverTrail.map((e) => e.action)).toEqual(['alert_receiver.create', 'alert_receiver.update', 'alert_receiver.delete']);
    expect(JSON.stringify(receiverTrail)).not.toMatch(/s3cretpath|other/);
    const silenceTrail = (await entries(`objectType=alert_silence&objectId=${silence.body.id}`)).reverse();
    expect(silenceTrail.map((e) => [e.action, e.actor.id])).toEqual([
      ['alert_silence.create', fin.id],
      ['alert_silence.expire', fin.id],
    ]);
  });

  it('records close calendars put and deleted through the API, with before and after', async () => {
    const body = { timezone: 'Europe/Berlin', workweek: [1, 2, 3, 4, 5], holidays: [], closeStart: 'WD-2', deadline: 'WD+5', deadlineTime: '18:00' };
    expect((await call(t, 'PUT', '/api/v1/close-calendars/FR01', fin.token, body)).status).toBe(201);
    expect((await call(t, 'PUT', '/api/v1/close-calendars/FR01', fin.token, { ...body, deadline: 'WD+4' })).status).toBe(200);
    expect((await call(t, 'DELETE', '/api/v1/close-calendars/FR01', admin.token)).status).toBe(204);
    const trail = (await entries('objectType=close_calendar&objectId=FR01')).reverse();
    expect(trail.map((e) => [e.action, e.actor.id])).toEqual([
      ['close_calendar.put', fin.id],
      ['close_calendar.put', fin.id],
      ['close_calendar.delete', admin.id],
    ]);
    expect(trail[0]!.before).toBeNull();
    expect(trail[1]).toMatchObject({ before: { deadline: 'WD+5' }, after: { deadline: 'WD+4' } });
  });

  it('records flows created, replaced and deleted through the API', async () => {
    await addSystems(t, admin.token, ['coupa', 'netsuite']);
    const flow = await addFlow(t, admin.token, { id: 'p2p-audited' });
    expect((await call(t, 'PUT', '/api/v1/flows/p2p-audited', admin.token, { ...flow, name: 'Renamed' })).status).toBe(200);
    expect((await call(t, 'DELETE', '/api/v1/flows/p2p-audited', admin.token)).status).toBe(204);
    const trail = (await entries('objectType=flow&objectId=p2p-audited')).reverse();
    expect(trail.map((e) => [e.action, e.actor.id])).toEqual([
      ['flow.create', admin.id],
      ['flow.update', admin.id],
      ['flow.delete', admin.id],
    ]);
    expect(trail[1]).toMatchObject({ before: { name: 'p2p-audited' }, after: { name: 'Renamed' } });
  });

  it('records connections created and deleted, never their URL', async () => {
    const url = 'postgres://reader:pa55word@db.example.com:5432/erp';
    expect((await call(t, 'POST', '/api/v1/connections', admin.token, { name: 'erp', kind: 'postgres', url })).status).toBe(201);
    expect((await call(t, 'DELETE', '/api/v1/connections/erp', admin.token)).status).toBe(204);
    const trail = (await entries('objectType=connection&objectId=erp')).reverse();
    expect(trail.map((e) => e.action)).toEqual(['connection.create', 'connection.delete']);
    expect(trail[0]!.after).toEqual({ name: 'erp', kind: 'postgres' });
    expect(JSON.stringify(trail)).not.toMatch(/pa55word|db\.example/);
  });

  it('records systems created, replaced and deleted', async () => {
    const system = { id: 'workday', name: 'Workday', kind: 'erp' };
    expect((await call(t, 'POST', '/api/v1/systems', admin.token, system)).status).toBe(201);
    expect((await call(t, 'PUT', '/api/v1/systems/workday', admin.token, { ...system, name: 'Workday HCM' })).status).toBe(200);
    expect((await call(t, 'DELETE', '/api/v1/systems/workday', admin.token)).status).toBe(204);
    const trail = (await entries('objectType=system&objectId=workday')).reverse();
    expect(trail.map((e) => [e.action, e.actor.id])).toEqual([
      ['system.create', admin.id],
      ['system.update', admin.id],
      ['system.delete', admin.id],
    ]);
    expect(trail[1]).toMatchObject({ before: { name: 'Workday' }, after: { name: 'Workday HCM' } });
  });

  it('records the catalog document once, with each system, flow and calendar it writes', async () => {
    const doc = {
      version: 1,
      systems: [{ id: 'ariba', name: 'Ariba', kind: 'procurement' }],
      flows: [
        {
          id: 'ariba-to-sap',
          name: 'Ariba to SAP',
          sourceSystem: 'ariba',
          targetSystem: 'ariba',
          pattern: 'event',
          workflow: 'procure_to_pay',
          slo: { maxLagSeconds: 600 },
        },
      ],
      calendars: [
        { entity: 'NL01', timezone: 'Europe/Amsterdam', workweek: [1, 2, 3, 4, 5], holidays: [], closeStart: 'WD-2', deadline: 'WD+5', deadlineTime: '18:00' },
      ],
    };
    const put = await call(t, 'PUT', '/api/v1/catalog?mode=merge', admin.token, doc);
    expect(put.status).toBe(200);
    expect((await call(t, 'PUT', '/api/v1/catalog?mode=merge&dryRun=true', admin.token, doc)).status).toBe(200); // a dry run records nothing
    const imports = await entries('action=catalog.import');
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({
      actor: { id: admin.id },
      after: { mode: 'merge', created: { systems: ['ariba'], flows: ['ariba-to-sap'], calendars: ['NL01'] } },
    });
    expect((await entries('objectType=system&objectId=ariba')).map((e) => e.action)).toEqual(['system.create']);
    expect((await entries('objectType=flow&objectId=ariba-to-sap')).map((e) => [e.action, e.before])).toEqual([['flow.create', null]]);
    expect((await entries('objectType=close_calendar&objectId=NL01')).map((e) => e.action)).toEqual(['close_calendar.put']);
  });

  it('records FX rates put, before and after', async () => {
    const put = (rates: Record<string, string>) => call(t, 'PUT', '/api/v1/fx-rates', fin.token, { date: '2026-11-30', base: 'USD', rates });
    expect((await put({ EUR: '0.9200' })).status).toBe(200);
    expect((await put({ EUR: '0.9250', GBP: '0.7900' })).status).toBe(200);
    const trail = (await entries('objectType=fx_rates&objectId=2026-11-30%2FUSD')).reverse();
    expect(trail.map((e) => [e.action, e.actor.id])).toEqual([
      ['fx_rates.put', fin.id],
      ['fx_rates.put', fin.id],
    ]);
    expect(trail[0]!.before).toBeNull();
    expect(trail[1]).toMatchObject({ before: { rates: { EUR: expect.stringMatching(/^0\.92/) } }, after: { rates: { GBP: expect.stringMatching(/^0\.79/) } } });
  });

  it('records reconciliation definitions created, replaced and deleted', async () => {
    const def = {
      id: 'ap-recon',
      name: 'AP',
      flow: 'coupa-to-oracle',
      source: { connector: 'telemetry', stage: 'received', system: 'coupa' },
      target: { connector: 'telemetry', stage: 'posted', system: 'oracle' },
      key: ['recordKey'],
    };
    expect((await call(t, 'POST', '/api/v1/recons', admin.token, def)).status).toBe(201);
    expect((await call(t, 'PUT', '/api/v1/recons/ap-recon', admin.token, { ...def, name: 'AP invoices' })).status).toBe(200);
    expect((await call(t, 'DELETE', '/api/v1/recons/ap-recon', admin.token)).status).toBe(204);
    const trail = (await entries('objectType=recon&objectId=ap-recon')).reverse();
    expect(trail.map((e) => [e.action, e.actor.id])).toEqual([
      ['recon.create', admin.id],
      ['recon.update', admin.id],
      ['recon.delete', admin.id],
    ]);
    expect(trail[1]).toMatchObject({ before: { name: 'AP' }, after: { name: 'AP invoices' } });
  });

  it('leaves a chain that verifies', async () => {
    expect((await call<AuditVerifyDto>(t, 'GET', '/api/v1/audit/verify', auditor.token)).body).toMatchObject({ ok: true, firstBrokenId: null });
  });
});
