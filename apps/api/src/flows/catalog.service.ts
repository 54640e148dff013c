import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Subject } from 'rxjs';
import { Repository } from 'typeorm';
import { type FlowDto, type SystemDto } from '@closewatch/contracts/catalog';
import { toFlowDto, toSystemDto } from './catalog-mappers';
import { FlowEntity } from './flow.entity';
import { SystemEntity } from './system.entity';

interface Snapshot {
  loadedAt: number;
  flowIds: ReadonlySet<string>;
  flows: ReadonlyMap<string, FlowDto>;
  systems: ReadonlyMap<string, SystemDto>;
}

/**
 * Read side of the catalog for other features (ingest, SLO evaluation, impact): which flow ids
 * are registered and what a flow says, from an in-memory snapshot. The snapshot is dropped at
 * once when this process changes the catalog and reloaded at most every few seconds otherwise,
 * so a change made through another replica shows up here within `ttlMs`.
 */
@Injectable()
export class CatalogService {
  static readonly TTL_MS = 5_000;

  /** Emits after every committed catalog change made by this process. */
  readonly changes$ = new Subject<void>();

  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  private generation = 0;

  constructor(
    @InjectRepository(FlowEntity) private readonly flowRows: Repository<FlowEntity>,
    @InjectRepository(SystemEntity) private readonly systemRows: Repository<SystemEntity>,
  ) {}

  async flowIds(): Promise<ReadonlySet<string>> {
    return (await this.current()).flowIds;
  }

  async isRegistered(flowId: string): Promise<boolean> {
    return (await this.current()).flowIds.has(flowId);
  }

  async flow(id: string): Promise<FlowDto | undefined> {
    return (await this.current()).flows.get(id);
  }

  /** Every flow, sorted by id. */
  async flows(): Promise<FlowDto[]> {
    return [...(await this.current()).flows.values()];
  }

  async system(id: string): Promise<SystemDto | undefined> {
    return (await this.current()).systems.get(id);
  }

  /** Called after a catalog transaction commits. */
  invalidate(): void {
    this.generation++;
    this.snapshot = undefined;
    this.loading = undefined;
    this.changes$.next();
  }

  private async current(): Promise<Snapshot> {
    if (this.snapshot && Date.now() - this.snapshot.loadedAt < CatalogService.TTL_MS) return this.snapshot;
    if (!this.loading) {
      const generation = this.generation;
      const loading = this.load().then(
        (snap) => {
          // A change committed while this load ran makes its result stale: serve it once, keep nothing.
          if (generation === this.generation) this.snapshot = snap;
          if (this.loading === loading) this.loading = undefined;
          return snap;
        },
        (err: unknown) => {
          if (this.loading === loading) this.loading = undefined;
          throw err;
        },
      );
      this.loading = loading;
    }
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const loadedAt = Date.now();
    const [flows, systems] = await Promise.all([this.flowRows.find({ order: { id: 'ASC' } }), this.systemRows.find({ order: { id: 'ASC' } })]);
    const flowMap = new Map(flows.map((f) => [f.id, toFlowDto(f)]));
    return { loadedAt, flowIds: new Set(flowMap.keys()), flows: flowMap, systems: new Map(systems.map((s) => [s.id, toSystemDto(s)])) };
  }
}
