#!/usr/bin/env node
// The long fuzz run: the same suite `npm test` runs a few cases of (apps/api/src/security/input-fuzz.int-spec.ts),
// FUZZ_RUNS times per input surface (default 1000). The seed is printed first; FUZZ_SEED=<seed> replays a run.
import { spawnSync } from 'node:child_process';

const runs = process.env.FUZZ_RUNS ?? '1000';
const seed = process.env.FUZZ_SEED ?? String((Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0);
process.stdout.write(`fuzz: FUZZ_SEED=${seed} FUZZ_RUNS=${runs}\n`);
const r = spawnSync('npx', ['jest', 'apps/api/src/security/input-fuzz.int-spec.ts', '--selectProjects', 'int', '--maxWorkers=1', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed },
});
process.stdout.write(`fuzz: ${r.status === 0 ? 'passed' : 'FAILED'}; replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz\n`);
process.exit(r.status ?? 1);
