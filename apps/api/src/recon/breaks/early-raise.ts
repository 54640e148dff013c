import { Logger } from '@nestjs/common';
import { type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { type ExceptionsService } from '../../exceptions/exceptions.service';
import { breakFinding, type RaisableBreak, type RaiseContext } from './break-finding';

/** Batches of breaks that may wait for the raise before the run's break sink waits for it. */
const MAX_PENDING = 2;

export interface EarlyRaiseOptions {
  ds: DataSource;
  exceptions: ExceptionsService;
  context: RaiseContext;
  actor: string;
  /** Raisable breaks the run may raise (CLOSEWATCH_RECON_MAX_EXCEPTIONS), in key order. */
  budget: number;
}

/** What an early raise leaves for the end of a successful run: its transaction, still open. */
export interface HeldRaise {
  manager: EntityManager;
  /** Fingerprint → exception id of the exceptions it created. */
  written: ReadonlyMap<string, string>;
  incidentIds: ReadonlySet<string>;
}

/**
 * Raises a run's breaks as exceptions while the run is still reading, so that writing them
 * overlaps the comparison instead of following it, and keeps every write in ONE transaction,
 * held open until the run ends: committed only if the run succeeds (`hold()`, then the runner
 * commits), rolled back if it fails, is cancelled or is handed back (`abandon()`). So a run that
 * does not succeed still leaves no exception.
 *
 * Only breaks whose fingerprint has no exception yet are written here (ExceptionsService
 * recordFindingsIn with onlyNew): their rows, their places in incidents and their history. The
 * transaction locks no existing exception or incident row, only the advisory locks of these
 * fingerprints and incident groups (which only this reconciliation uses), so nobody's work on
 * exceptions waits for the run. Recurring breaks, and the refresh of the incidents touched, are
 * left for the end of the run, in the same transaction.
 *
 * Anything that goes wrong here (a deadlock with another run of the same reconciliation, a lost
 * connection) rolls back what was written so far and leaves the whole raise to the end of the
 * run, as if there had been no early raise.
 */
export class EarlyRaise {
  private readonly logger = new Logger('recon');
  private runner: QueryRunner | null = null;
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private budget: number;
  private failed = false;
  private readonly written = new Map<string, string>();
  private readonly incidentIds = new Set<string>();

  constructor(private readonly o: EarlyRaiseOptions) {
    this.budget = o.budget;
  }

  /**
   * Hands over breaks just stored (in key order, in-flight ones left out). Returns at once, or a
   * promise to wait for when earlier batches are still being written (back-pressure).
   */
  readonly offer = (breaks: readonly RaisableBreak[]): Promise<void> | undefined => {
    if (this.failed || this.budget <= 0 || !breaks.length) return undefined;
    const take = breaks.slice(0, this.budget);
    this.budget -= take.length;
    this.pending++;
    this.chain = this.chain.then(() => this.write(take)).finally(() => this.pending--);
    return this.pending > MAX_PENDING ? this.chain : undefined;
  };

  /** After a successful comparison: waits for the writes and returns the open transaction, or null when the early raise gave up (then nothing of it remains). */
  async hold(): Promise<HeldRaise | null> {
    await this.chain;
    if (this.failed) return null;
    return { manager: (await this.begin()).manager, written: this.written, incidentIds: this.incidentIds };
  }

  /** Commits the held transaction and gives the connection back. */
  async commit(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    if (!runner) return;
    try {
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
  }

  /** Rolls back whatever was written (a run that did not succeed) and gives the connection back. */
  async abandon(): Promise<void> {
    this.failed = true;
    await this.chain.catch(() => undefined);
    await this.rollback();
  }

  private async write(breaks: readonly RaisableBreak[]): Promise<void> {
    if (this.failed) return;
    try {
      const runner = await this.begin();
      const findings = breaks.map((b) => breakFinding(b, this.o.context));
      const result = await this.o.exceptions.recordFindingsIn(runner.manager, findings, { actor: this.o.actor, onlyNew: true });
      for (const e of result.exceptions) this.written.set(e.fingerprint, e.id);
      for (const id of result.incidentIds) this.incidentIds.add(id);
    } catch (err) {
      this.failed = true;
      this.written.clear();
      this.incidentIds.clear();
      this.logger.warn({
        msg: 'raising breaks during the run failed; they are raised when the run ends',
        runId: this.o.context.runId,
        error: err instanceof Error ? err.message : String(err),
      });
      await this.rollback();
    }
  }

  /** The held transaction, started on first use. */
  private async begin(): Promise<QueryRunner> {
    if (!this.runner) {
      this.runner = this.o.ds.createQueryRunner();
      await this.runner.connect();
      await this.runner.startTransaction();
    }
    return this.runner;
  }

  private async rollback(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    if (!runner) return;
    try {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
    } catch {
      // A connection that is gone has rolled back on the server.
    } finally {
      await runner.release().catch(() => undefined);
    }
  }
}
