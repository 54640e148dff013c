import { type Page } from 'playwright-core';
import { type NewUser } from '@closewatch/contracts/users';
import { type ApiServer, requireBuiltDashboard, startApiServer } from './api-server';
import { launchPage } from '../pages/browser';

/** What a dashboard suite's tests use, set by its beforeAll. */
export interface DashboardSuite {
  t: ApiServer;
  page: Page;
  /** Uncaught errors the page raised so far. */
  pageErrors: string[];
}

/**
 * The usual set-up of a dashboard spec, registered on the calling describe block: before all its
 * tests the built server (with `env`) and `users`, and a Chromium page; after them both closed.
 * Read the fields in the tests (they are set once beforeAll ran).
 */
export function dashboardSuite(env: Record<string, string> = {}, users: readonly NewUser[] = []): DashboardSuite {
  const suite = {} as DashboardSuite;
  let browser: Awaited<ReturnType<typeof launchPage>> | undefined;
  beforeAll(async () => {
    requireBuiltDashboard();
    suite.t = await startApiServer(env);
    for (const user of users) await suite.t.createUser(user);
    browser = await launchPage();
    suite.page = browser.page;
    suite.pageErrors = browser.pageErrors;
  });
  afterAll(async () => {
    await browser?.close();
    await suite.t?.close();
  });
  return suite;
}
