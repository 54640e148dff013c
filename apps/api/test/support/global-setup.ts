import { runMigrations } from '../../src/database/run-migrations';
import { adminQuery, findTestServer, TEST_ENV, type TestServer, uniqueName, withDatabase } from './test-database';

declare global {
  var __closewatchTestServer: { server: TestServer; template: string } | undefined;
}

/** Finds or starts PostgreSQL and migrates one template database that every suite clones. */
export default async function globalSetup(): Promise<void> {
  const server = await findTestServer();
  const template = uniqueName('cw_tpl');
  await adminQuery(server.adminUrl, `create database "${template}"`);
  await runMigrations(withDatabase(server.adminUrl, template));
  process.env[TEST_ENV.adminUrl] = server.adminUrl;
  process.env[TEST_ENV.template] = template;
  process.env[TEST_ENV.serverKind] = server.kind;
  globalThis.__closewatchTestServer = { server, template };
  process.stdout.write(`\n[test database] ${server.kind} server, template ${template}\n`);
}
