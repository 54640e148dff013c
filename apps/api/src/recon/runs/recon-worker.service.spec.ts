import { Logger } from '@nestjs/common';
import { type DataSource } from 'typeorm';
import { type AppConfig } from '../../config/config';
import { type ReconRunnerService } from './recon-runner.service';
import { ReconWorkerService } from './recon-worker.service';

/**
 * After a run ends the worker looks for more work at once, outside the scheduler's catch. The
 * database here is a stand-in: it hands out one run, then fails every statement (the database
 * went away), which is what makes that look-up fail.
 */
describe(ReconWorkerService.name, () => {
  it('logs a look-up that fails after a run ended, instead of leaving an unhandled rejection', async () => {
    let claimed = false;
    let broken = false;
    const query = (sql: string): Promise<unknown> => {
      if (broken) return Promise.reject(new Error('the database went away'));
      if (/update recon_runs r\s+set status = 'running'/.test(sql) && !claimed) {
        claimed = true;
        return Promise.resolve([[{ id: 'run-1', recon_id: 'recon-1' }], 1]);
      }
      return Promise.resolve([[], 0]);
    };
    const ds = { query, transaction: (work: (m: { query: typeof query }) => Promise<unknown>) => work({ query }) } as unknown as DataSource;
    const runner = {
      execute: () => {
        broken = true;
        return Promise.resolve('succeeded');
      },
    } as unknown as ReconRunnerService;
    const config = { recon: { workers: 1, staleSeconds: 60, retries: 0, retryDelaySeconds: 1 } } as unknown as AppConfig;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const worker = new ReconWorkerService(ds, config, runner);
      await worker.tick();
      // The follow-up tick runs on its own; wait (bounded) until it has failed and been logged.
      for (let waited = 0; logged.mock.calls.length === 0 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ msg: 'reconciliation tick failed' }));
    } finally {
      process.off('unhandledRejection', onUnhandled);
      logged.mockRestore();
    }
  });
});
