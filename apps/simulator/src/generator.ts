import { RECORD_FLOWS, type RecordFlowSpec } from './flows';
import { injectFault } from './faults';
import { planJourney } from './journey';
import { type RecordJourney, type Scenario } from './model';
import { Random } from './random';

export interface GeneratorOptions {
  seed: number;
  scenarios: readonly Scenario[];
  /** Share of records with an injected fault, 0..1. */
  faultRate: number;
}

/**
 * Business records for the enabled scenarios, deterministic for a seed: the same seed gives
 * the same keys, amounts, steps and faults. No I/O; times are offsets from the record's start.
 */
export class RecordGenerator {
  private readonly rng: Random;
  private readonly flows: readonly RecordFlowSpec[];
  private readonly byScenario: Map<Scenario, RecordFlowSpec[]>;
  private readonly counters = new Map<string, number>();
  private readonly keyBase = new Map<string, number>();

  constructor(private readonly options: GeneratorOptions) {
    if (options.scenarios.length === 0) throw new Error('at least one scenario is needed');
    if (!(options.faultRate >= 0 && options.faultRate <= 1)) throw new RangeError('faultRate must be within 0..1');
    this.rng = new Random(options.seed);
    this.flows = RECORD_FLOWS.filter((f) => options.scenarios.includes(f.scenario));
    this.byScenario = new Map(options.scenarios.map((s) => [s, this.flows.filter((f) => f.scenario === s)]));
    // Key numbers start at a seed-dependent base, so runs with different seeds rarely reuse keys.
    for (const f of this.flows) {
      const floor = 10 ** (f.keyDigits - 1);
      this.keyBase.set(f.id, floor + this.rng.int(0, Math.floor(floor * 0.8)));
    }
  }

  /** Flow ids this generator emits records for. */
  get flowIds(): string[] {
    return this.flows.map((f) => f.id);
  }

  next(now: Date): RecordJourney {
    const scenario = this.rng.pick(this.options.scenarios);
    const candidates = this.byScenario.get(scenario) ?? [];
    const spec = this.rng.weighted(candidates.map((f) => ({ weight: f.weight, value: f })));
    const n = this.counters.get(spec.id) ?? 0;
    this.counters.set(spec.id, n + 1);
    const key = `${spec.keyPrefix}${(this.keyBase.get(spec.id) ?? 0) + n}`;
    const rng = this.rng.fork(key);
    const journey = planJourney(spec, key, now, rng);
    if (spec.faults.length > 0 && rng.chance(this.options.faultRate)) return injectFault(spec, journey, rng.pick(spec.faults), rng);
    return journey;
  }
}
