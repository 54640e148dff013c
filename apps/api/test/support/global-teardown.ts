import { adminQuery } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__closewatchTestServer;
  if (!state) return;
  await adminQuery(state.server.adminUrl, `drop database if exists "${state.template}" with (force)`).catch(() => undefined);
  await state.server.stop();
}
