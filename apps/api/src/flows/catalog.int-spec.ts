import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type CatalogDocument, type CatalogImportSummary, type FlowDto } from '@closewatch/contracts/catalog';
import { type ApiErrorBody } from '@closewatch/contracts/errors';
import { startTestApp, type TestApp } from '../../test/test-app';
import { CatalogService } from './catalog.service';

const FIXTURE = readFileSync(join(__dirname, 'fixtures', 'small-catalog.yaml'), 'utf8');
const nothing = { systems: [], flows: [], calendars: [] };

describe('catalog document API', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, viewer] = await Promise.all([t.tokenFor('admin'), t.tokenFor('viewer')]);
  });
  afterAll(() => t.close());

  const put = async (body: string, query = '', contentType = 'application/yaml', token = admin) => {
    const res = await fetch(`${t.url}/api/v1/catalog${query}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
    });
    return { status: res.status, body: (await res.json()) as CatalogImportSummary & ApiErrorBody };
  };
  const exportText = async (query = '', token = viewer) => {
    const res = await fetch(`${t.url}/api/v1/catalog${query}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const exported = async () => parse((await exportText()).text) as CatalogDocument;
  const getFlow = (id: string) => fetch(`${t.url}/api/v1/flows/${id}`, { headers: { authorization: `Bearer ${viewer}` } });

  it('imports a YAML document in merge mode and says what it created', async () => {
    const res = await put(FIXTURE, '?mode=merge');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      mode: 'merge',
      dryRun: false,
      created: {
        systems: ['anaplan', 'coupa', 'oracle-fusion', 'salesforce'],
        flows: ['coupa-to-oracle-invoices', 'oracle-to-anaplan-actuals', 'salesforce-to-oracle-orders'],
        calendars: [],
      },
      updated: nothing,
      deleted: nothing,
      unchanged: nothing,
    });
    const flow = (await (await getFlow('coupa-to-oracle-invoices')).json()) as FlowDto;
    expect(flow.materiality).toEqual({ amount: '10000.50', currency: 'USD' });
    expect(flow.entities).toEqual(['DE01', 'US01']);
    expect(await t.app.get(CatalogService).flowIds()).toEqual(new Set(res.body.created.flows));
  });

  it('exports YAML sorted by id, readable by every role', async () => {
    const res = await exportText();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(res.headers.get('content-disposition')).toBeNull();
    expect(res.text).toContain('amount: "10000.50"');
    const doc = parse(res.text) as CatalogDocument;
    expect(doc.version).toBe(1);
    expect(doc.systems.map((s) => s.id)).toEqual(['anaplan', 'coupa', 'oracle-fusion', 'salesforce']);
    expect(doc.flows.map((f) => f.id)).toEqual(['coupa-to-oracle-invoices', 'oracle-to-anaplan-actuals', 'salesforce-to-oracle-orders']);
    expect(doc.flows[1]!.slo).toEqual({ maxLagSeconds: 7200, scheduleCron: '0 2 * * *', scheduleTimezone: 'Europe/Berlin', graceSeconds: 1800 });
    expect((await exportText('', await t.tokenFor('auditor'))).status).toBe(200);
    expect((await exportText()).text).toBe(res.text);
  });

  it('exports JSON and offers a download', async () => {
    const res = await exportText('?format=json&download=1');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="closewatch-catalog.json"');
    expect(JSON.parse(res.text)).toEqual(await exported());
    expect((await exportText('?format=yaml&download=true')).headers.get('content-disposition')).toBe('attachment; filename="closewatch-catalog.yaml"');
    expect((await exportText('?format=xml')).status).toBe(400);
  });

  it('importing its own export changes nothing, YAML or JSON, merge or replace', async () => {
    const all = {
      systems: ['anaplan', 'coupa', 'oracle-fusion', 'salesforce'],
      flows: ['coupa-to-oracle-invoices', 'oracle-to-anaplan-actuals', 'salesforce-to-oracle-orders'],
      calendars: [],
    };
    const yaml = (await exportText()).text;
    for (const mode of ['merge', 'replace']) {
      const res = await put(yaml, `?mode=${mode}`);
      expect(res.body).toEqual({ mode, dryRun: false, created: nothing, updated: nothing, deleted: nothing, unchanged: all });
    }
    const json = (await exportText('?format=json')).text;
    const res = await put(json, '?mode=replace', 'application/json');
    expect(res.body.unchanged).toEqual(all);
    expect((await exportText()).text).toBe(yaml);
  });

  it('dry run reports the changes and writes nothing', async () => {
    const before = (await exportText()).text;
    const doc = await exported();
    doc.flows = doc.flows.filter((f) => f.id !== 'salesforce-to-oracle-orders');
    doc.systems = doc.systems.filter((s) => s.id !== 'salesforce');
    doc.flows[0]!.slo.maxLagSeconds = 1200;
    const res = await put(JSON.stringify(doc), '?mode=replace&dryRun=true', 'application/json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      mode: 'replace',
      dryRun: true,
      created: nothing,
      updated: { systems: [], flows: ['coupa-to-oracle-invoices'], calendars: [] },
      deleted: { systems: ['salesforce'], flows: ['salesforce-to-oracle-orders'] },
    });
    expect((await exportText()).text).toBe(before);
  });

  it('replace deletes what the document omits and updates what changed', async () => {
    const doc = await exported();
    doc.flows = doc.flows.filter((f) => f.id !== 'salesforce-to-oracle-orders');
    doc.systems = doc.systems.filter((s) => s.id !== 'salesforce');
    doc.flows[0]!.slo.maxLagSeconds = 1200;
    const res = await put(JSON.stringify(doc), '?mode=replace', 'application/json');
    expect(res.body.deleted).toEqual({ systems: ['salesforce'], flows: ['salesforce-to-oracle-orders'], calendars: [] });
    expect(res.body.updated).toEqual({ systems: [], flows: ['coupa-to-oracle-invoices'], calendars: [] });
    expect((await getFlow('salesforce-to-oracle-orders')).status).toBe(404);
    expect(((await (await getFlow('coupa-to-oracle-invoices')).json()) as FlowDto).slo.maxLagSeconds).toBe(1200);
    expect((await t.app.get(CatalogService).flowIds()).has('salesforce-to-oracle-orders')).toBe(false);
  });

  it('an invalid document writes nothing and names each bad path', async () => {
    const before = (await exportText()).text;
    const doc = await exported();
    doc.systems.push({ id: 'workday', name: 'Workday', kind: 'hr', description: null });
    doc.flows.push({ ...doc.flows[0]!, id: 'brand-new-flow' });
    (doc.flows[1]!.slo as { maxLagSeconds: unknown }).maxLagSeconds = 'an hour';
    doc.flows[0]!.workflow = 'lunch' as FlowDto['workflow'];
    const res = await put(JSON.stringify(doc), '?mode=merge', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details!.map((d) => d.field)).toEqual(['flows[0].workflow', 'flows[1].slo.maxLagSeconds']);
    expect((await exportText()).text).toBe(before);
    expect((await getFlow('brand-new-flow')).status).toBe(404);
  });

  it('a document naming unknown systems writes nothing', async () => {
    const before = (await exportText()).text;
    const doc = await exported();
    doc.systems.push({ id: 'workday', name: 'Workday', kind: 'hr', description: null });
    doc.flows.push({ ...doc.flows[0]!, id: 'workday-to-oracle', sourceSystem: 'workday' }, { ...doc.flows[0]!, id: 'sap-to-oracle', sourceSystem: 'sap' });
    const res = await put(JSON.stringify(doc), '', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'flows[3].sourceSystem', message: expect.stringContaining('"sap"') }]);
    expect((await exportText()).text).toBe(before);
    // Replace mode only counts the document's own systems.
    const replace = await put(JSON.stringify({ version: 1, systems: [], flows: [doc.flows[0]] }), '?mode=replace', 'application/json');
    expect(replace.body.error.details!.map((d) => d.field)).toEqual(['flows[0].sourceSystem', 'flows[0].targetSystem']);
    expect((await exportText()).text).toBe(before);
  });

  it('answers malformed YAML, wrong content types and bad query parameters with 4xx', async () => {
    const malformed = await put('version: 1\nsystems: [\n  - id: a\n', '');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_body');
    expect(malformed.body.error.details![0]!.message).toMatch(/^line \d+, column \d+/);
    const wrongType = await put('version: 1', '', 'text/plain');
    expect(wrongType.status).toBe(415);
    const badMode = await put(FIXTURE, '?mode=overwrite&dryRun=maybe');
    expect(badMode.status).toBe(400);
    expect(badMode.body.error.details!.map((d) => d.field).sort()).toEqual(['dryRun', 'mode']);
    for (const type of ['application/x-yaml', 'text/yaml']) expect((await put(FIXTURE, '?dryRun=1', type)).status).toBe(200);
  });

  it('only admins import', async () => {
    for (const role of ['viewer', 'auditor', 'finance_ops', 'it_ops'] as const) {
      expect((await put(FIXTURE, '', 'application/yaml', await t.tokenFor(role))).status).toBe(403);
    }
    expect((await fetch(`${t.url}/api/v1/catalog`)).status).toBe(401);
  });
});
