import { tmpdir } from 'node:os';
import Decimal from 'decimal.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type ReconBreakType, type ReconDefinitionBody, type ReconRunErrorDto, type ReconRunStatus } from '@closewatch/contracts/recon';
import { reconcileBisect } from '@closewatch/recon/bisect';
import { compileRecon, type ReconPlan } from '@closewatch/recon/compile';
import { type ReconDefinition, type Side } from '@closewatch/recon/definition';
import { type KeyRange } from '@closewatch/recon/postgres-key-order';
import { reconcile } from '@closewatch/recon/recon-engine';
import { type ReconProgress, type ReconSummary } from '@closewatch/recon/result';
import { type AppConfig } from '../../config/config';
import { APP_CONFIG } from '../../config/config.module';
import { ExceptionsService } from '../../exceptions/exceptions.service';
import { type ExceptionFinding } from '../../exceptions/finding';
import { isRetryableDbError } from '../../common/transaction-retry';
import { CatalogService } from '../../flows/catalog.service';
import { LiveBus } from '../../live/live-bus';
import { type BreakContext, breakContext, breakFacts } from '../breaks/break-context';
import { breakFinding, raisableBreak, type RaiseContext, type StoredBreakFields } from '../breaks/break-finding';
import { BreakRecorder } from '../breaks/break-recorder';
import { ConnectionsService } from '../connections/connections.service';
import { PostgresBisectSide } from '../connectors/postgres/connector-postgres-bisect';
import { ConnectorsService } from '../connectors/connectors.service';
import { EarlyRaise } from '../breaks/early-raise';
import { type PostgresSideSpec, preparePostgresRanges, rangeSides } from '../ranges/postgres-ranges';
import { reconcileInRanges } from '../ranges/ranged-reconcile';
import { type ClaimedRun, enqueueRun } from './recon-queue';
import { QueryParameterError } from '../connectors/query-params';
import { type CheckedQuery } from '../connectors/postgres/checked-query';
import { checkQuery, ReadOnlyQueryError } from '../connectors/postgres/read-only-query';
import { nextRetry } from './retry-policy';
import { describeFailure, ReconRunFailure } from './run-failure';
import { RunCancelled, WorkerStopping } from './run-signals';
import { resolveScope } from '../definitions/scope';
import { returnedRows } from '../../common/query-records';
import {
  BEAT_RUN,
  COUNT_BREAKS_LEFT,
  DELETE_RUN_BREAKS,
  FINISH_RUN_CANCELLED,
  FINISH_RUN_FAILED,
  FINISH_RUN_SUCCEEDED,
  LINK_BREAK_EXCEPTIONS,
  REQUEUE_RUN,
  SELECT_BREAKS_TO_RAISE,
  SELECT_GONE_FINGERPRINTS,
  SET_RUN_PROGRESS,
  SET_RUN_SCOPE,
} from './runs.queries';

/** Flows not in the catalog (any more) classify breaks against this max lag. */
const DEFAULT_MAX_LAG_SECONDS = 900;
/** How often a running run reports it is alive and looks for a cancel request made through another replica. */
const HEARTBEAT_MS = 2_000;
/** Breaks raised as exceptions per intake call. */
const RAISE_BATCH = 1_000;

/**
 * Executes one claimed run: resolves its scope, opens both datasets through their connectors,
 * reconciles them with the engine (sort-merge, or checksum-and-bisect when the definition asks
 * for it), classifies and stores breaks in batches, keeps progress and a heartbeat in the run
 * row (and on the LiveBus), raises the breaks as exceptions (in-flight ones excepted; new ones
 * while the run reads on, in a transaction committed only when the run succeeds: EarlyRaise) and
 * auto-resolves the exceptions of breaks the previous run with the same scope had and this one
 * has not. Failures are recorded with their reason and retried per the retry policy; a cancel
 * request aborts the engine, which closes both datasets.
 */
@Injectable()
export class ReconRunnerService {
  private readonly logger = new Logger('recon');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly connectors: ConnectorsService,
    private readonly connections: ConnectionsService,
    private readonly catalog: CatalogService,
    private readonly exceptions: ExceptionsService,
    private readonly bus: LiveBus,
  ) {}

  async execute(run: ClaimedRun, controller: AbortController): Promise<ReconRunStatus> {
    const { signal } = controller;
    const def = run.definition;
    const startedAt = new Date(run.started_at ?? Date.now());
    const progress = new ProgressWriter(this.ds, this.bus, run.id, run.recon_id);
    const heartbeat = setInterval(() => void this.heartbeat(run.id, controller), HEARTBEAT_MS);
    heartbeat.unref();
    let early: EarlyRaise | null = null;
    try {
      const scope = resolveScope(def.scope, run.requested_scope, startedAt, def.schedule?.timezone ?? 'UTC');
      await this.ds.query(SET_RUN_SCOPE, [run.id, JSON.stringify(scope)]);
      this.publish(run, 'running');
      const plan = compileRecon(def as unknown as ReconDefinition);
      const queries = await checkedQueries(def);
      const flow = await this.catalog.flow(def.flow);
      const context = breakContext(def, plan, scope);
      const raising = raiseContext(run, def, scope, startedAt);
      early = new EarlyRaise({
        ds: this.ds,
        exceptions: this.exceptions,
        context: raising,
        actor: actorOf(def),
        budget: this.config.recon.maxExceptionsPerRun,
      });
      const recorder = new BreakRecorder({
        ds: this.ds,
        runId: run.id,
        reconId: def.id,
        flow: def.flow,
        maxLagMs: (flow?.slo.maxLagSeconds ?? DEFAULT_MAX_LAG_SECONDS) * 1000,
        snapshotAt: startedAt,
        context,
        onStored: early.offer,
      });
      const summary = await this.reconcile({ def, plan, queries, scope, recorder, progress, signal });
      const compared = Date.now();
      await progress.settle();
      signal.throwIfAborted();
      const { raised, skipped } = await this.raise(run, def, context, raising, early);
      const resolved = await this.autoResolve(run, def, scope);
      this.logger.log({
        msg: 'reconciliation run succeeded',
        runId: run.id,
        reconId: run.recon_id,
        rows: { source: summary.source.rows, target: summary.target.rows },
        breaks: recorder.stored,
        compareMs: compared - startedAt.getTime(),
        exceptionsMs: Date.now() - compared,
      });
      const amounts = recorder.amountAtRisk();
      const material = def.materiality
        ? new Decimal(amounts.find((a) => a.currency === def.materiality!.currency)?.amount ?? '0').gte(def.materiality.amount)
        : null;
      await this.ds.query(FINISH_RUN_SUCCEEDED, [
        run.id,
        summary.source.rows,
        summary.target.rows,
        summary.matched,
        summary.breaks.missing_in_target,
        summary.breaks.unexpected_in_target,
        summary.breaks.amount_mismatch,
        summary.breaks.field_mismatch,
        summary.breaks.duplicate_key,
        JSON.stringify({ source: sideSummary(summary.source), target: sideSummary(summary.target), groups: summary.groups, keyRanges: summary.keyRanges }),
        JSON.stringify(recorder.classifications),
        JSON.stringify(amounts),
        material,
        'bisect' in summary ? JSON.stringify(summary.bisect) : null,
        raised,
        resolved,
        skipped,
      ]);
      this.publish(run, 'succeeded', { matched: summary.matched, breaks: summary.breaks });
      return 'succeeded';
    } catch (err) {
      await progress.settle();
      await early?.abandon();
      return this.failed(run, err, signal);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async reconcile(r: Reading): Promise<ReconSummary & { bisect?: unknown; keyRanges?: KeyRange[] }> {
    const { def, plan, scope, recorder, progress, signal } = r;
    const s = this.config.recon;
    if (def.mode === 'bisect' && def.source.connector === 'postgres' && def.target.connector === 'postgres') {
      const side = async (which: 'source' | 'target') =>
        new PostgresBisectSide({ ...(await this.postgresSide(r, which)), plan, side: which, fetchRows: s.fetchRows, statementTimeoutMs: s.statementTimeoutMs });
      const source = await side('source');
      const target = await side('target');
      const abort = () => void Promise.allSettled([source.close(), target.close()]);
      signal.addEventListener('abort', abort, { once: true });
      try {
        return await reconcileBisect({ definition: plan, source, target, onBreaks: recorder.write, onProgress: progress.report, signal });
      } finally {
        signal.removeEventListener('abort', abort);
        await Promise.allSettled([source.close(), target.close()]);
      }
    }
    if (def.source.connector === 'postgres' && def.target.connector === 'postgres' && s.threads > 1) {
      const ranged = await this.reconcileRanged(r);
      if (ranged) return ranged;
    }
    const open = (which: 'source' | 'target') =>
      this.connectors.open({ side: which, dataset: def[which], query: r.queries[which], plan, flow: def.flow, scope, signal });
    return reconcile({
      definition: plan,
      source: await open('source'),
      target: await open('target'),
      onBreaks: recorder.write,
      onProgress: progress.report,
      progressEvery: s.progressRows,
      signal,
      externalSort: { runSize: s.sortRunRows, tempDir: tmpdir() },
    });
  }

  /**
   * Reconciles two postgres datasets in CLOSEWATCH_RECON_THREADS key ranges, each in a worker
   * thread (ranged-reconcile.ts), every range of a side reading one exported snapshot of it;
   * null when the run cannot be split (preparePostgresRanges says when) and reads each side whole.
   */
  private async reconcileRanged(r: Reading): Promise<(ReconSummary & { keyRanges: KeyRange[] }) | null> {
    const { def, plan, recorder, progress, signal } = r;
    const s = this.config.recon;
    const source = await this.postgresSide(r, 'source');
    const target = await this.postgresSide(r, 'target');
    const prepared = await preparePostgresRanges({ plan, source, target, parts: s.threads, statementTimeoutMs: s.statementTimeoutMs });
    if ('whole' in prepared) {
      this.logger.log({ msg: 'reading each side whole, not in key ranges', reconId: def.id, why: prepared.whole });
      return null;
    }
    this.logger.log({ msg: 'reconciling in key ranges', reconId: def.id, ranges: prepared.ranges, ownCollation: prepared.ownCollation });
    try {
      const common = { definition: def, fetchRows: s.fetchRows, statementTimeoutMs: s.statementTimeoutMs, progressEvery: s.progressRows };
      const jobs = prepared.ranges.map((range) => ({
        ...common,
        range,
        ...rangeSides(prepared, source, target),
      }));
      return { ...(await reconcileInRanges({ jobs, onBreaks: recorder.write, onProgress: progress.report, signal })), keyRanges: prepared.ranges };
    } finally {
      await prepared.release();
    }
  }

  /** A postgres dataset of the definition, its connection resolved. */
  private async postgresSide(r: Reading, which: 'source' | 'target'): Promise<PostgresSideSpec> {
    const d = r.def[which] as Extract<ReconDefinitionBody['source'], { connector: 'postgres' }>;
    return { url: await this.connections.url(d.connection), query: r.queries[which]!, scope: r.scope };
  }

  /**
   * Raises the run's breaks (all but in-flight ones) as recon_break exceptions, up to
   * CLOSEWATCH_RECON_MAX_EXCEPTIONS breaks; returns the exceptions written and the breaks skipped.
   * The breaks the early raise wrote while the run was reading are in its transaction, still
   * open: the rest (breaks that recur, or came last) are written in the same transaction, which
   * then commits, so the run's exceptions appear together. Without an early raise (it gave up),
   * or when that transaction fails for a reason worth retrying (a deadlock), they are raised in
   * transactions of their own, batch by batch, as before.
   */
  private async raise(
    run: ClaimedRun,
    def: ReconDefinitionBody,
    context: BreakContext,
    ctx: RaiseContext,
    early: EarlyRaise,
  ): Promise<{ raised: number; skipped: number }> {
    const actor = actorOf(def);
    const held = await early.hold();
    if (held) {
      try {
        const incidentIds = new Set(held.incidentIds);
        const out = await this.raiseStored(run.id, context, ctx, held.manager, held.written, async (findings) => {
          const r = await this.exceptions.recordFindingsIn(held.manager, findings, { actor });
          for (const id of r.incidentIds) incidentIds.add(id);
          return r.exceptions;
        });
        const earlier = [...held.written].map(([fingerprint, id]) => ({ fingerprint, id }));
        await linkExceptions(held.manager, run.id, earlier, null);
        await this.exceptions.refreshIncidentsIn(held.manager, [...incidentIds]);
        await early.commit();
        const ids = [...earlier.map((e) => e.id), ...out.ids];
        this.exceptions.publishIntake(ids, [...incidentIds]);
        return { raised: ids.length, skipped: out.skipped };
      } catch (err) {
        await early.abandon();
        if (!isRetryableDbError(err)) throw err;
        this.logger.warn({
          msg: "raising the run's breaks in one transaction failed; raising them batch by batch",
          runId: run.id,
          error: (err as Error).message,
        });
      }
    }
    const out = await this.raiseStored(
      run.id,
      context,
      ctx,
      this.ds.manager,
      new Map(),
      async (findings) => (await this.exceptions.recordFindings(findings, { actor })).exceptions,
    );
    return { raised: out.ids.length, skipped: out.skipped };
  }

  /**
   * Reads the run's stored breaks back in batches (id order, in-flight ones left out, up to the
   * budget), writes each batch's findings with `write` (but for the breaks whose fingerprint is
   * in `written` already), and links the breaks to their exceptions; returns the exception ids
   * written and the breaks beyond the budget.
   */
  private async raiseStored(
    runId: string,
    context: BreakContext,
    ctx: RaiseContext,
    m: EntityManager,
    written: ReadonlyMap<string, string>,
    write: (findings: ExceptionFinding[]) => Promise<{ id: string; fingerprint: string }[]>,
  ): Promise<{ ids: string[]; skipped: number }> {
    let after = '0';
    const ids: string[] = [];
    let budget = this.config.recon.maxExceptionsPerRun;
    for (;;) {
      const rows: StoredBreakRow[] = await m.query(SELECT_BREAKS_TO_RAISE, [runId, after, Math.min(RAISE_BATCH, budget)]);
      if (!rows.length || budget === 0) {
        const rest: { n: number }[] = await m.query(COUNT_BREAKS_LEFT, [runId, after]);
        const skipped = rest[0]?.n ?? 0;
        if (skipped)
          this.logger.warn({ msg: 'reconciliation run has more breaks than CLOSEWATCH_RECON_MAX_EXCEPTIONS; the rest raised no exception', runId, skipped });
        return { ids, skipped };
      }
      budget -= rows.length;
      after = rows[rows.length - 1]!.id;
      const findings = rows
        .filter((r) => r.fingerprint === null || !written.has(r.fingerprint))
        .map((r) =>
          breakFinding(raisableBreak(r, breakFacts({ key: r.key, source: r.source, target: r.target, amountAtRisk: r.amount_at_risk }, context)), ctx),
        );
      const raised = findings.length ? await write(findings) : [];
      ids.push(...raised.map((w) => w.id));
      await linkExceptions(m, runId, raised, [rows[0]!.id, after]);
    }
  }

  /** Resolves the exceptions of breaks the previous successful run with the same scope had and this run has not. */
  private async autoResolve(run: ClaimedRun, def: ReconDefinitionBody, scope: Record<string, string>): Promise<number> {
    const gone: { fingerprint: string }[] = await this.ds.query(SELECT_GONE_FINGERPRINTS, [def.id, JSON.stringify(scope), run.id]);
    let resolved = 0;
    for (let i = 0; i < gone.length; i += 500) {
      const chunk = gone.slice(i, i + 500).map((g) => ({ fingerprint: g.fingerprint }));
      const r = await this.exceptions.autoResolve(chunk, `no longer a break in reconciliation ${def.id} (run ${run.id})`, { actor: actorOf(def) });
      resolved += r.resolved.length;
    }
    return resolved;
  }

  private async failed(run: ClaimedRun, err: unknown, signal: AbortSignal): Promise<ReconRunStatus> {
    if (signal.aborted && signal.reason instanceof WorkerStopping) {
      await this.ds.query(DELETE_RUN_BREAKS, [run.id]);
      await this.ds.query(REQUEUE_RUN, [run.id]);
      this.publish(run, 'queued');
      return 'queued';
    }
    if (signal.aborted && signal.reason instanceof RunCancelled) {
      await this.ds.query(FINISH_RUN_CANCELLED, [run.id]);
      this.publish(run, 'cancelled');
      return 'cancelled';
    }
    const error = describeFailure(err);
    if (error.code === 'internal_error')
      this.logger.error({ msg: 'reconciliation run failed unexpectedly', runId: run.id, err: err instanceof Error ? err.stack : String(err) });
    else this.logger.warn({ msg: 'reconciliation run failed', runId: run.id, reconId: run.recon_id, code: error.code, error: error.message });
    await this.ds.query(FINISH_RUN_FAILED, [run.id, error.code, error.message, error.retryable]);
    this.publish(run, 'failed', { error });
    const at = nextRetry(error, run.attempt, this.config.recon.retries, this.config.recon.retryDelaySeconds, new Date());
    if (at) {
      const retryId = await enqueueRun(this.ds, {
        reconId: run.recon_id,
        trigger: 'retry',
        requestedScope: run.requested_scope,
        requestedBy: run.requested_by,
        retryOf: run.id,
        attempt: run.attempt + 1,
        notBefore: at,
      });
      if (retryId) this.logger.log({ msg: 'reconciliation run will be retried', runId: run.id, retryRunId: retryId, at: at.toISOString() });
    }
    return 'failed';
  }

  private async heartbeat(runId: string, controller: AbortController): Promise<void> {
    try {
      const rows = returnedRows<{ cancel_requested_at: Date | null; status: string }>(await this.ds.query(BEAT_RUN, [runId]));
      // Cancelled through another replica, or the definition (and its runs) deleted.
      if (!controller.signal.aborted && (!rows.length || rows[0]!.cancel_requested_at)) controller.abort(new RunCancelled());
    } catch {
      // The next beat tries again; a run that cannot beat at all is failed by the stale check.
    }
  }

  private publish(
    run: ClaimedRun,
    status: ReconRunStatus,
    extra: { matched?: number; breaks?: Record<ReconBreakType, number>; error?: ReconRunErrorDto } = {},
  ): void {
    this.bus.publishReconRun({
      runId: run.id,
      reconId: run.recon_id,
      flow: run.definition.flow,
      status,
      matched: extra.matched ?? null,
      breaks: extra.breaks ?? null,
      error: extra.error ?? null,
      at: new Date().toISOString(),
    });
  }
}

/** What reading a run's datasets takes: the definition and its plan, the scope, where breaks and progress go, the abort signal. */
interface Reading {
  def: ReconDefinitionBody;
  plan: ReconPlan;
  /** The checked query of each postgres dataset. */
  queries: Partial<Record<Side, CheckedQuery>>;
  scope: Record<string, string>;
  recorder: BreakRecorder;
  progress: ProgressWriter;
  signal: AbortSignal;
}

interface StoredBreakRow extends StoredBreakFields {
  id: string;
  source: Record<string, never> | null;
  target: Record<string, never> | null;
  fingerprint: string | null;
}

/**
 * The query of each postgres dataset, checked again before the run reads anything (a definition
 * stored before queries were checked at save may hold one that is not a single read-only
 * statement): the run then fails with `invalid_query`, naming the side, having sent nothing to
 * the source or target. Once per run, on this thread; range workers get the result.
 */
async function checkedQueries(def: ReconDefinitionBody): Promise<Partial<Record<Side, CheckedQuery>>> {
  const out: Partial<Record<Side, CheckedQuery>> = {};
  for (const side of ['source', 'target'] as const) {
    const d = def[side];
    if (d.connector !== 'postgres') continue;
    try {
      out[side] = await checkQuery(d.query);
    } catch (err) {
      if (err instanceof ReadOnlyQueryError || err instanceof QueryParameterError)
        throw new ReconRunFailure('invalid_query', `the ${side} query ${err.message}`);
      throw err;
    }
  }
  return out;
}

/** Who a reconciliation's exception changes are by (exception history). */
function actorOf(def: ReconDefinitionBody): string {
  return `recon:${def.id}`;
}

function raiseContext(run: ClaimedRun, def: ReconDefinitionBody, scope: Record<string, string>, observedAt: Date): RaiseContext {
  return { flow: def.flow, reconId: def.id, reconName: def.name, runId: run.id, scope, observedAt };
}

/** Sets each break's exception (by fingerprint), among the run's breaks with ids in `between` (all of them when null). */
async function linkExceptions(
  m: EntityManager,
  runId: string,
  written: readonly { id: string; fingerprint: string }[],
  between: [string, string] | null,
): Promise<void> {
  if (!written.length) return;
  await m.query(LINK_BREAK_EXCEPTIONS, [
    runId,
    JSON.stringify(written.map((e) => ({ fingerprint: e.fingerprint, id: e.id }))),
    between?.[0] ?? null,
    between?.[1] ?? null,
  ]);
}

function sideSummary(s: ReconSummary['source']): ReconSummary['source'] {
  return { rows: s.rows, totals: s.totals, invalidAmounts: s.invalidAmounts };
}

/**
 * Saves the rows read per side in the run row and publishes them, at most one write at a time
 * (the latest numbers win), so the engine never waits for it.
 */
class ProgressWriter {
  private latest: ReconProgress | null = null;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly bus: LiveBus,
    private readonly runId: string,
    private readonly reconId: string,
  ) {}

  readonly report = (p: ReconProgress): void => {
    this.latest = { ...p };
    if (!this.writing) this.writing = this.flush();
  };

  async settle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.latest) {
        const p = this.latest;
        this.latest = null;
        await this.ds.query(SET_RUN_PROGRESS, [this.runId, p.source, p.target]);
        this.bus.publishReconProgress({ runId: this.runId, reconId: this.reconId, source: p.source, target: p.target, at: new Date().toISOString() });
      }
    } catch {
      // Progress is best effort; the final summary has the real counts.
    } finally {
      this.writing = null;
    }
  }
}
