import {
  type DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';

/**
 * Runs work once the transaction an EntityManager belongs to has committed, and never when it
 * rolls back: for a port called inside someone else's transaction (the alerts outbox is told of
 * incident changes that way) that must announce what it wrote only once it is real.
 */
const waiting = new WeakMap<QueryRunner, (() => void)[]>();

class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    // A savepoint released inside an outer transaction commits nothing yet.
    if (runner.isTransactionActive) return;
    const tasks = waiting.get(runner);
    waiting.delete(runner);
    for (const task of tasks ?? []) task();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) waiting.delete(event.queryRunner);
  }
}

const installed = new WeakSet<DataSource>();

/** Registers the commit hook on the data source (once, whoever asks first). */
export function installAfterCommit(ds: DataSource): void {
  if (installed.has(ds)) return;
  installed.add(ds);
  ds.subscribers.push(new AfterCommitSubscriber());
}

/**
 * Runs `task` after the transaction of `m` commits (dropped if it rolls back); at once when `m`
 * is not in a transaction (what it wrote is already committed). `installAfterCommit` must have
 * been called on the data source.
 */
export function afterCommit(m: EntityManager, task: () => void): void {
  const runner = m.queryRunner;
  if (!runner?.isTransactionActive) {
    task();
    return;
  }
  const tasks = waiting.get(runner) ?? [];
  tasks.push(task);
  waiting.set(runner, tasks);
}
