import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CatalogDocument, FLOW_PATTERNS, IMPACT_AREAS, SYSTEM_KINDS, WORKFLOWS } from '@closewatch/contracts/catalog';
import { catalogDocumentSchema } from '@closewatch/contracts/catalog-schema';
import { parseCatalogYaml } from '@closewatch/contracts/catalog-yaml';
import { CURRENCY_PATTERN } from '@closewatch/contracts/finance';
import { DEMO_REPLAY_RECEIVER } from '@closewatch/contracts/replays';
import { BATCH_FLOWS, ENTITY_CURRENCY, FLOW_SPECS, RECORD_FLOWS, systemsOf } from './flows';
import { RecordGenerator } from './generator';
import { SCENARIOS } from './model';

const text = readFileSync(join(__dirname, '..', 'demo-catalog.yaml'), 'utf8');
const parsed = parseCatalogYaml(text);
if (!parsed.ok) throw new Error(`demo-catalog.yaml is not valid YAML: ${JSON.stringify(parsed.errors)}`);
const catalog = parsed.value as CatalogDocument;
const flowById = new Map(catalog.flows.map((f) => [f.id, f]));
const systemIds = new Set(catalog.systems.map((s) => s.id));

describe('demo-catalog.yaml', () => {
  it('passes the catalog document schema the API imports it with', () => {
    const result = catalogDocumentSchema.safeParse(catalog);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('is a version 1 catalog document with unique ids and values from the contract', () => {
    expect(catalog.version).toBe(1);
    expect(systemIds.size).toBe(catalog.systems.length);
    expect(flowById.size).toBe(catalog.flows.length);
    for (const s of catalog.systems) {
      expect(s.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(SYSTEM_KINDS).toContain(s.kind);
      expect(s.name.length).toBeGreaterThan(0);
    }
    for (const f of catalog.flows) {
      expect(f.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(FLOW_PATTERNS).toContain(f.pattern);
      expect(WORKFLOWS).toContain(f.workflow);
      expect(systemIds).toContain(f.sourceSystem);
      expect(systemIds).toContain(f.targetSystem);
      expect(f.slo.maxLagSeconds).toBeGreaterThan(0);
      expect(f.slo.scheduleTimezone).toBe('UTC');
      for (const i of f.impacts) expect(IMPACT_AREAS).toContain(i);
      expect(f.boardMetrics.length > 0).toBe(f.impacts.includes('board_metric'));
      if (f.materiality) {
        expect(f.materiality.amount).toMatch(/^\d+\.\d{2}$/);
        expect(f.materiality.currency).toMatch(CURRENCY_PATTERN);
      }
      for (const e of f.entities) expect(Object.keys(ENTITY_CURRENCY)).toContain(e);
      expect(f.slo.scheduleCron !== null).toBe(f.pattern === 'batch');
    }
  });

  it('gives event flows a silence threshold the simulator never crosses, even at a slow --rate of 0.05', () => {
    const totalWeight = RECORD_FLOWS.reduce((sum, f) => sum + f.weight, 0);
    const watched = catalog.flows.filter((f) => f.slo.maxSilenceSeconds !== undefined);
    expect(watched.map((f) => f.id).sort()).toEqual(
      catalog.flows
        .filter((f) => f.pattern === 'event')
        .map((f) => f.id)
        .sort(),
    );
    for (const f of watched) {
      const spec = RECORD_FLOWS.find((r) => r.id === f.id)!;
      const meanGapSeconds = totalWeight / spec.weight / 0.05;
      // Poisson arrivals: no record in 10 mean gaps has a chance of e^-10 (about 1 in 22,000).
      expect(f.slo.maxSilenceSeconds).toBeGreaterThanOrEqual(10 * meanGapSeconds);
    }
  });

  it('lists every flow the generator emits, and no flow the simulator does not run', () => {
    const generator = new RecordGenerator({ seed: 1, scenarios: [...SCENARIOS], faultRate: 1 });
    const emitted = new Set<string>();
    for (let i = 0; i < 2000; i++) emitted.add(generator.next(new Date('2026-11-22T10:00:00Z')).flow);
    for (const id of emitted) expect(flowById.has(id)).toBe(true);
    expect([...flowById.keys()].sort()).toEqual(FLOW_SPECS.map((f) => f.id).sort());
  });

  it('knows every system a simulated step happens in, and each flow ends where the catalog says', () => {
    for (const spec of FLOW_SPECS) {
      for (const s of systemsOf(spec)) expect(systemIds).toContain(s);
      const flow = flowById.get(spec.id)!;
      if (spec.kind === 'record') {
        expect(spec.path[0]!.system).toBe(flow.sourceSystem);
        expect(spec.path[spec.path.length - 1]!.system).toBe(flow.targetSystem);
        expect(spec.targetSystem).toBe(flow.targetSystem);
        expect(flow.pattern).not.toBe('batch');
      } else {
        expect([spec.sourceSystem, spec.targetSystem]).toEqual([flow.sourceSystem, flow.targetSystem]);
      }
      expect([...spec.entities].sort()).toEqual([...flow.entities].sort());
    }
  });

  it("names the demo middleware's replay receiver on every record flow, so Replay works out of the box", () => {
    for (const spec of RECORD_FLOWS) expect(flowById.get(spec.id)!.replay).toEqual({ receiver: DEMO_REPLAY_RECEIVER });
    for (const spec of BATCH_FLOWS) expect(flowById.get(spec.id)!.replay).toBeUndefined();
  });

  it('gives batch flows the schedule and grace the simulator runs them on', () => {
    for (const spec of BATCH_FLOWS) {
      const flow = flowById.get(spec.id)!;
      expect(flow.pattern).toBe('batch');
      expect(flow.slo.scheduleCron).toBe(spec.cron);
      expect(flow.slo.graceSeconds).toBe(spec.graceSeconds);
    }
    expect(RECORD_FLOWS.length + BATCH_FLOWS.length).toBe(catalog.flows.length);
  });
});
