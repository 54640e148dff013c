#!/usr/bin/env node
// The one gate (docs/architecture.md, Tests): Prettier formatting, lint with zero warnings, strict type-check, build, then every
// test tier. Whatever the tests need is found, installed or started here or in the jest global
// setup: PostgreSQL (DATABASE_URL, 127.0.0.1:5432, or the embedded server) and Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };

function run(title, cmd, args) {
  const started = Date.now();
  process.stdout.write(`\n=== ${title}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stdout.write(`=== ${title} FAILED after ${secs}s (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`=== ${title} ok (${secs}s)\n`);
}

function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  if (process.getuid?.() !== 0) {
    process.stderr.write(`Chromium not found at ${path}; install Debian's chromium package or set CHROMIUM_PATH\n`);
    process.exit(1);
  }
  run('install chromium', 'bash', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null']);
}

run('format', 'npx', ['prettier', '--check', '.', '--log-level=warn']);
run('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
run('typecheck', 'npx', ['tsc', '-b', 'tsconfig.check.json']);
run('build', 'npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static']);
run('unit tests', 'npx', ['jest', '--selectProjects', 'unit', '--ci']);
ensureChromium();
run('integration and e2e tests', 'npx', ['jest', '--selectProjects', 'int', 'e2e', '--ci', '--maxWorkers=2']);
