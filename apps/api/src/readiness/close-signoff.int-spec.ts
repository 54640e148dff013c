import { DataSource } from 'typeorm';
import { type AuditVerifyDto } from '@closewatch/contracts/audit';
import { previousPeriod } from '@closewatch/contracts/periods';
import { type CloseSignOffDto } from '@closewatch/contracts/readiness';
import { closeWindowAt } from '../../test/exception-fixtures';
import { startTestApp, type TestApp } from '../../test/test-app';
import { addFlow, addSystems, call } from '../../test/sync-health-fixtures';
import { ExceptionsService } from '../exceptions/exceptions.service';
import { ReadinessService } from './readiness.service';

const DAY = 86_400_000;

describe('close sign-off', () => {
  let t: TestApp;
  let admin: string;
  let finance: string;
  let viewer: string;
  let ds: DataSource;
  const now = new Date();
  const P = previousPeriod(now.toISOString().slice(0, 7));
  type ErrorBody = { error: { message: string; details?: { field: string; message: string }[] } };

  const signOff = (token: string, body: unknown) => call<CloseSignOffDto & ErrorBody>(t, 'POST', '/api/v1/close/signoffs', token, body);
  const finding = (entity: string) =>
    t.app.get(ExceptionsService).recordFinding({
      type: 'delivery_failure',
      flow: 'gl',
      recordKey: `R-${Math.random()}`,
      entity,
      period: P,
      amount: '25000.00',
      currency: 'USD',
    } as never);
  const resolveAll = async () => {
    const open: { id: string }[] = await ds.query(`select id from exceptions where status in ('open', 'acknowledged')`);
    for (const { id } of open) expect((await call(t, 'POST', `/api/v1/exceptions/${id}/resolve`, admin, { code: 'fixed', note: 'test' })).status).toBe(200);
  };
  const pass = () => t.app.get(ReadinessService).pass();

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    admin = await t.tokenFor('admin');
    finance = await t.tokenFor('finance_ops');
    viewer = await t.tokenFor('viewer');
    await addSystems(t, admin, ['coupa', 'netsuite']);
    await addFlow(t, admin, { id: 'gl', impacts: ['close'], entities: ['DE01', 'UK01'], materiality: { amount: '10000.00', currency: 'USD' } });
    await closeWindowAt(t, 'DE01', P, new Date(now.getTime() - DAY), new Date(now.getTime() + 3 * DAY));
    await closeWindowAt(t, 'UK01', P, new Date(now.getTime() - DAY), new Date(now.getTime() + 3 * DAY));
  });
  afterAll(() => t.close());

  it('refuses other roles and bad input, naming the field', async () => {
    expect((await signOff(viewer, { entity: 'DE01', period: P })).status).toBe(403);
    const bad = await signOff(finance, { entity: 'DE01', period: '2026-13' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details![0]!.field).toBe('period');
    expect((await signOff(finance, { entity: 'NOWHERE', period: P })).status).toBe(404);
  });

  it('never signs off a blocked close; once what blocks it is resolved, signs off with a checkpoint covering its audit entry', async () => {
    await finding('DE01');
    await pass();
    const refused = await signOff(finance, { entity: 'DE01', period: P, note: 'we are sure' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(`The close of DE01 ${P} is blocked by 1 reason; resolve what blocks it before signing off`);
    expect(await ds.query(`select 1 from close_signoffs`)).toHaveLength(0);

    await resolveAll();
    await pass();
    const signed = await signOff(finance, { entity: 'DE01', period: P });
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({
      entity: 'DE01',
      period: P,
      statusAtSignOff: 'ready',
      note: null,
      signedOffBy: { email: expect.stringMatching(/^finance_ops-/) },
    });

    const [entry]: { id: string }[] = await ds.query(`select id::text from audit_log where action = 'close.signed_off' and object_id = $1`, [`DE01/${P}`]);
    expect(entry).toBeDefined();
    expect(signed.body.checkpoint).not.toBeNull();
    expect(signed.body.checkpoint!.entries).toBeGreaterThanOrEqual(Number(entry!.id));
    const [cp]: { hash: string }[] = await ds.query(`select hash from audit_checkpoints where entries = $1`, [signed.body.checkpoint!.entries]);
    expect(cp!.hash).toBe(signed.body.checkpoint!.hash);
    const verify = await call<AuditVerifyDto>(t, 'GET', '/api/v1/audit/verify', admin);
    expect(verify.body).toMatchObject({ ok: true });
  });

  it('signs a period off once, naming who did it first', async () => {
    const again = await signOff(admin, { entity: 'DE01', period: P });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(new RegExp(`^The close of DE01 ${P} was signed off already by finance_ops-`));
  });

  it('signs off a close at risk only with a note, kept with the sign-off', async () => {
    expect((await call(t, 'PUT', '/api/v1/close/readiness-rules/UK01', admin, { rules: { material_exception: 'at_risk' } })).status).toBe(200);
    await finding('UK01');
    await pass();
    const noNote = await signOff(finance, { entity: 'UK01', period: P });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.details![0]).toMatchObject({ field: 'note', message: expect.stringMatching(/at risk/) });
    const withNote = await signOff(finance, { entity: 'UK01', period: P, note: 'Supplier invoice accrued manually' });
    expect(withNote.status).toBe(201);
    expect(withNote.body).toMatchObject({ statusAtSignOff: 'at_risk', note: 'Supplier invoice accrued manually' });
  });

  it('lists sign-offs to every role, filtered', async () => {
    const all = await call<{ items: CloseSignOffDto[] }>(t, 'GET', `/api/v1/close/signoffs?period=${P}`, viewer);
    expect(all.status).toBe(200);
    expect(all.body.items.map((s) => s.entity)).toEqual(['DE01', 'UK01']);
    const one = await call<{ items: CloseSignOffDto[] }>(t, 'GET', '/api/v1/close/signoffs?entity=UK01', viewer);
    expect(one.body.items).toHaveLength(1);
    expect(one.body.items[0]!.checkpoint).not.toBeNull();
  });
});
