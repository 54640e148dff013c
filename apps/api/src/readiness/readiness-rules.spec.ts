import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessReadiness, DEFAULT_READINESS_RULES, type ReadinessFinding, rulesInForce } from './readiness-rules';

const finding = (kind: ReadinessFinding['kind'], extra: Partial<ReadinessFinding> = {}): ReadinessFinding => ({
  kind,
  message: kind,
  flow: 'f',
  exceptionId: null,
  reconId: null,
  runId: null,
  count: 1,
  ...extra,
});

describe('assessReadiness', () => {
  const rules = rulesInForce(undefined);

  it('is ready with no findings', () => {
    expect(assessReadiness([], rules)).toEqual({ status: 'ready', reasons: [] });
  });

  it('is at risk from at-risk kinds only, blocked as soon as one finding blocks', () => {
    expect(assessReadiness([finding('flow_stale'), finding('late_posting')], rules).status).toBe('at_risk');
    expect(assessReadiness([finding('flow_stale'), finding('recon_failed')], rules).status).toBe('blocked');
  });

  it('follows the defaults docs/close.md documents', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'close.md'), 'utf8');
    const documented = Object.fromEntries(
      [...doc.matchAll(/^\| `([a-z_]+)` \| .+ \| (blocked|at risk) \|$/gm)].map((m) => [m[1], m[2] === 'at risk' ? 'at_risk' : 'blocked']),
    );
    expect(documented).toEqual(DEFAULT_READINESS_RULES);
  });

  it('caps findings below materiality at at_risk whatever the rules say', () => {
    const r = assessReadiness([finding('material_exception', { ceiling: 'at_risk' })], rules);
    expect(r).toMatchObject({ status: 'at_risk', reasons: [{ kind: 'material_exception', severity: 'at_risk' }] });
  });

  it("applies the entity's overrides: a kind may block, only put at risk, or be ignored", () => {
    const custom = rulesInForce({ late_posting: 'blocked', flow_failing: 'at_risk', recon_missing: 'ignore' });
    const r = assessReadiness([finding('late_posting'), finding('flow_failing'), finding('recon_missing')], custom);
    expect(r.status).toBe('blocked');
    expect(r.reasons.map((x) => [x.kind, x.severity])).toEqual([
      ['late_posting', 'blocked'],
      ['flow_failing', 'at_risk'],
    ]);
  });

  it('orders reasons blocking first, then by kind, then by flow', () => {
    const r = assessReadiness(
      [
        finding('late_posting', { flow: 'a' }),
        finding('material_exception', { flow: 'z' }),
        finding('flow_failing', { flow: 'b' }),
        finding('flow_failing', { flow: 'a' }),
      ],
      rules,
    );
    expect(r.reasons.map((x) => `${x.kind}:${x.flow}`)).toEqual(['flow_failing:a', 'flow_failing:b', 'material_exception:z', 'late_posting:a']);
  });
});
