// Results: numbers as the reports print them, and a benchmark's section of docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine } from './machine.mjs';
import { root } from './run.mjs';

/** `n` with thousands separators and exactly `digits` decimals (en-US). */
export function fmt(n, digits = 0) {
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** What every result starts with: when, the command, the machine (at this moment) and Node. */
export function resultHeader(command) {
  return { date: new Date().toISOString(), command, machine: machine(), node: process.version };
}

/** BENCH_WRITE_DOCS: false keeps docs/benchmarks.md as it is (default true). */
export function writeDocsEnabled() {
  return (process.env.BENCH_WRITE_DOCS ?? 'true') !== 'false';
}

/**
 * Puts `lines` between `<!-- bench:NAME:begin -->` and `<!-- bench:NAME:end -->` in
 * docs/benchmarks.md, replacing what stood there, or appends the section when the markers are
 * not there yet. Returns the file's path.
 */
export function writeDocsSection(name, lines) {
  const file = join(root, 'docs', 'benchmarks.md');
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const section = [begin, ...lines, end].join('\n');
  let doc = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nResults of `npm run bench` on the machine named in each section. Timings live here, never in tests.\n\n';
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a >= 0 && b > a) doc = doc.slice(0, a) + section + doc.slice(b + end.length);
  else doc = `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, doc);
  return file;
}
