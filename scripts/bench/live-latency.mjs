#!/usr/bin/env node
// Event-to-browser latency benchmark (npm run bench:live; docs/benchmarks.md, "Event to browser").
//
// 1. PostgreSQL as bench:ingest finds it (DATABASE_URL, else a fresh database on the local
//    server, else an embedded PostgreSQL); the built API (apps/api/dist/main.js) as deployed:
//    schedulers on, CLOSEWATCH_DEMO=false, an admin and an ingest key from the environment.
// 2. Headless Chromium (playwright-core, /usr/bin/chromium) signs in through the form and stays
//    on the Overview, whose live feed shows hops as `hops.created` brings them. A script in the
//    page notes (Date.now()) when a marker's hop is first in the DOM (a MutationObserver) and the
//    start of the next animation frame (the frame that paints it), when the socket message that
//    carried it arrived, and counts the socket's messages and bytes.
// 3. A separate process (this file with --load) sends OTLP protobuf requests of finance spans
//    from several connections, as bench:ingest does; every MARKER_EVERY_MS one request carries a
//    marker: its newest span has a unique record key. Its clock (Date.now(), same machine) notes
//    when the request was answered 2xx.
// 4. Latency of a marker: from its request's 2xx answer to the animation frame after its hop
//    appeared in the page. A marker never shown counts as slower than every shown one. Baseline
//    (same run, before the load): one request at a time, each a marker, with pauses between.
//
// Settings (environment): BENCH_SECONDS (40), BENCH_WARMUP_SECONDS (3), BENCH_CONCURRENCY (8),
// BENCH_BATCH (1000 spans per request), BENCH_MARKER_EVERY_MS (0: every request), BENCH_WRITE_DOCS (true),
// BENCH_API_NODE_ARGS, BENCH_DATABASE=embedded (as bench:ingest), CHROMIUM_PATH.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchAdmin } from './support/api.mjs';
import { loadSettings, startIngestApi } from './support/ingest-api.mjs';
import { buildTemplate, post, runLoadProcess } from './support/otlp-load.mjs';
import { cpuSeconds } from './support/machine.mjs';
import { fmt, resultHeader, writeDocsEnabled, writeDocsSection } from './support/report.mjs';
import { assertApiBuilt, logger, require, sleep, withCleanups } from './support/run.mjs';
import { stats } from './support/stats.mjs';

const LOAD = loadSettings(40);
const { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, concurrency: CONCURRENCY, batch: BATCH } = LOAD;
const MARKER_EVERY_MS = Number(process.env.BENCH_MARKER_EVERY_MS ?? 0);
/** The same-run baseline: one request at a time, each a marker, this long, with this pause after each. */
const IDLE_SECONDS = 8;
const IDLE_PAUSE_MS = 300;
/** Baseline markers are numbered from here (the load's from 0). */
const IDLE_MARKER_BASE = 900_000_000_000;
/** Fewer markers than this make no p95 worth reporting (issue 15). */
const MIN_MARKERS = 100;
/** Target (issue 15): p95 from the accepted request to the change visible in the page. */
const TARGET_P95_MS = 1000;
/** After the load, markers still not shown get this long to appear. */
const LATE_MARKER_MS = 5000;
/** Marker record keys: this prefix and 12 digits (14 characters, as the load's own keys). */
const MARKER_PREFIX = 'LV';
const WRITE_DOCS = writeDocsEnabled();

const log = logger('live');

async function main() {
  assertApiBuilt();
  const pg = require('pg');
  await withCleanups(async (cleanups) => {
    const { admin, env: adminEnv } = benchAdmin();
    const { db, url, ingestKey } = await startIngestApi(pg, log, cleanups, { ...adminEnv, CLOSEWATCH_SCHEDULERS: 'true' });

    const page = await openOverview(url, admin, cleanups);
    log('Chromium signed in; the Overview is live');

    log(
      `load: ${CONCURRENCY} connections, ${BATCH} finance spans per request, a marker every ${MARKER_EVERY_MS} ms, ${WARMUP_SECONDS}s warm-up + ${SECONDS}s measured`,
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const mainThread = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const value = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
      return { task: value('TaskDuration'), script: value('ScriptDuration'), layout: value('LayoutDuration') + value('RecalcStyleDuration') };
    };
    const busyBefore = await mainThread();
    const chromiumCpuBefore = chromiumCpuSeconds();
    log(`baseline: one request at a time, each a marker, ${IDLE_SECONDS}s`);
    const idle = await runLoadProcess(import.meta.url, {
      url,
      key: ingestKey,
      seconds: IDLE_SECONDS,
      warmupSeconds: 0,
      concurrency: 1,
      batch: BATCH,
      markerEveryMs: 0,
      markerBase: IDLE_MARKER_BASE,
      pauseMs: IDLE_PAUSE_MS,
    });
    const before = await page.evaluate(() => globalThis.closewatchBench.counters());
    const load = await runLoadProcess(import.meta.url, { url, key: ingestKey, ...LOAD });
    const during = await page.evaluate(() => globalThis.closewatchBench.counters());
    const busyAfter = await mainThread();
    const chromiumCpu = (chromiumCpuSeconds() - chromiumCpuBefore) / load.seconds;
    const lateUntil = Date.now() + LATE_MARKER_MS;
    let shown = await page.evaluate(() => globalThis.closewatchBench.shown());
    while ([...idle.markers, ...load.markers].some((m) => !shown[m.key]) && Date.now() < lateUntil) {
      await sleep(250);
      shown = await page.evaluate(() => globalThis.closewatchBench.shown());
    }
    const after = await page.evaluate(() => globalThis.closewatchBench.counters());
    const received = await page.evaluate(() => globalThis.closewatchBench.received());

    const result = {
      ...resultHeader('npm run bench:live'),
      database: db.kind,
      chromium: page.context().browser()?.version() ?? (await chromiumVersion(page)),
      settings: { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, concurrency: CONCURRENCY, batch: BATCH, markerEveryMs: MARKER_EVERY_MS },
      load: { spansPerSecond: load.measuredSpans / SECONDS, spans: load.measuredSpans, requests: load.measuredRequests, non2xx: load.non2xx },
      ...markerLatencies(load.markers, shown, received),
      idle: markerLatencies(idle.markers, shown, received),
      page: {
        messagesPerSecond: (during.messages - before.messages) / load.seconds,
        /** CPU seconds per second of all Chromium's processes (renderer, compositor, network) during the load. */
        chromiumCpu,
        // Share of the load's wall time the page's main thread spent in tasks, script, style and layout (CDP Performance metrics).
        busy: {
          task: (busyAfter.task - busyBefore.task) / load.seconds,
          script: (busyAfter.script - busyBefore.script) / load.seconds,
          layout: (busyAfter.layout - busyBefore.layout) / load.seconds,
        },
        kibPerSecond: (during.bytes - before.bytes) / 1024 / load.seconds,
        feedItems: after.feedItems,
        domNodes: after.domNodes,
        heapMiB: after.heapBytes / 1024 / 1024,
      },
      loadAverage: loadavg(),
    };
    printResult(result);
    if (WRITE_DOCS) writeDocs(result);
  });
}

/**
 * Latencies of the markers from their 2xx answer to the painted frame, to the DOM and to the
 * socket message that carried them; a marker not shown (or not received) ranks above every other.
 */
function markerLatencies(markers, shown, received) {
  const since = (at, m) => (at ? at - m.answeredAt : Number.POSITIVE_INFINITY);
  const missed = markers.filter((m) => !shown[m.key]).length;
  return {
    markers: { sent: markers.length, shown: markers.length - missed, missed },
    frame: stats(markers.map((m) => since(shown[m.key]?.frame || shown[m.key]?.dom, m))),
    dom: stats(markers.map((m) => since(shown[m.key]?.dom, m))),
    socket: stats(markers.map((m) => since(received[m.key], m))),
  };
}

// ---------------------------------------------------------------------------------------------
// The browser
// ---------------------------------------------------------------------------------------------

/** Chromium on the dashboard's Overview, signed in as `admin`, with the marker watch installed. */
async function openOverview(url, admin, cleanups) {
  const { chromium } = require('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'closewatch-bench-chromium-'));
  cleanups.push(async () => rmSync(profile, { recursive: true, force: true }));
  // The e2e specs' flags and viewport (e2e/pages/chromium-launch.json); launch() refuses --user-data-dir.
  const launchOptions = require('./e2e/pages/chromium-launch.json');
  const context = await chromium.launchPersistentContext(profile, {
    ...launchOptions,
    executablePath: process.env.CHROMIUM_PATH ?? launchOptions.executablePath,
  });
  cleanups.push(() => context.close());
  await context.addInitScript(watchMarkers, MARKER_PREFIX);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  cleanups.push(async () => {
    if (errors.length) log(`page errors: ${errors.join('; ')}`);
  });
  await page.goto(`${url}/`);
  await page.getByTestId('login-form').waitFor();
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('overview-page').waitFor();
  await page.locator('[data-testid="connection-indicator"][data-status="live"]').waitFor();
  return page;
}

/** CPU seconds used so far by the Chromium this process started (its whole process tree; Linux /proc). */
function chromiumCpuSeconds() {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const visit = (pid) => {
    for (const child of children.get(pid) ?? []) {
      total += cpuSeconds(child);
      visit(child);
    }
  };
  const isChromium = (pid) => {
    try {
      return /chrom/i.test(readFileSync(`/proc/${pid}/comm`, 'utf8'));
    } catch {
      return false;
    }
  };
  for (const child of children.get(process.pid) ?? []) {
    if (!isChromium(child)) continue;
    total += cpuSeconds(child);
    visit(child);
  }
  return total;
}

async function chromiumVersion(page) {
  return page.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? 'unknown');
}

/**
 * Runs in the page before its own scripts: notes when each marker's hop is first added to the
 * DOM, and the start of the animation frame after it (Date.now(), the clock the load process
 * uses), and counts the WebSocket messages and bytes the page receives.
 */
function watchMarkers(prefix) {
  const { document, MutationObserver, requestAnimationFrame } = globalThis;
  const shown = {};
  const received = {};
  const markerInMessage = new RegExp(`"recordKey":"(${prefix}\\d{12})"`, 'g');
  const counters = { messages: 0, bytes: 0 };
  const note = (key, at) => {
    if (!key || !key.startsWith(prefix) || shown[key]) return;
    const entry = { dom: at, frame: 0 };
    shown[key] = entry;
    requestAnimationFrame(() => (entry.frame = Date.now()));
  };
  new MutationObserver((records) => {
    const at = Date.now();
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        const key = n.getAttribute('data-record-key');
        if (key) note(key, at);
        else for (const el of n.querySelectorAll('[data-record-key]')) note(el.getAttribute('data-record-key'), at);
      }
    }
  }).observe(document, { childList: true, subtree: true });
  const Native = globalThis.WebSocket;
  globalThis.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        counters.messages++;
        counters.bytes += typeof e.data === 'string' ? e.data.length : (e.data.byteLength ?? e.data.size ?? 0);
        if (typeof e.data === 'string') for (const m of e.data.matchAll(markerInMessage)) received[m[1]] ??= Date.now();
      });
    }
  };
  globalThis.closewatchBench = {
    shown: () => shown,
    received: () => received,
    counters: () => ({
      ...counters,
      feedItems: document.querySelectorAll('[data-testid="live-hop"]').length,
      domNodes: document.getElementsByTagName('*').length,
      heapBytes: performance.memory?.usedJSHeapSize ?? 0,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

const ms = (v) => (Number.isFinite(v) ? `${fmt(v)} ms` : 'not shown');

const pct = (v) => `${fmt(v * 100)} %`;

function busyText(b) {
  return `${pct(b.task)} of the time in tasks (script ${pct(b.script)}, style and layout ${pct(b.layout)})`;
}

function verdict(r) {
  if (r.markers.sent < MIN_MARKERS) return `NOT measured (fewer than ${MIN_MARKERS} markers)`;
  return r.frame.p95 <= TARGET_P95_MS ? 'met' : 'NOT met';
}

function printResult(r) {
  const lines = [
    '',
    `Event-to-browser benchmark (${r.date})`,
    `  machine: ${r.machine.nproc} CPUs (${r.machine.cpuModel}), ${fmt(r.machine.memoryGiB, 1)} GiB; node ${r.node}; Chromium ${r.chromium}; ${r.database}`,
    `  load: ${fmt(r.load.spansPerSecond)} spans/s over ${r.settings.seconds}s (${fmt(r.load.requests)} requests of ${r.settings.batch}, ${r.settings.concurrency} connections; ${r.load.non2xx} non-2xx)`,
    `  markers: ${r.markers.sent} sent, ${r.markers.shown} shown, ${r.markers.missed} never shown`,
    `  2xx answer -> painted frame: p50 ${ms(r.frame.p50)}, p95 ${ms(r.frame.p95)}, max ${ms(r.frame.max)} (target p95 <= ${TARGET_P95_MS} ms: ${verdict(r)})`,
    `  2xx answer -> in the DOM:    p50 ${ms(r.dom.p50)}, p95 ${ms(r.dom.p95)}, max ${ms(r.dom.max)}`,
    `  baseline, one request at a time (${r.idle.markers.sent} markers, ${r.idle.markers.missed} never shown): 2xx answer -> painted p50 ${ms(r.idle.frame.p50)}, p95 ${ms(r.idle.frame.p95)}; loaded p95 / baseline p95: ${fmt(r.frame.p95 / r.idle.frame.p95, 1)} ×`,
    `  2xx answer -> socket message in the page: p50 ${ms(r.socket.p50)}, p95 ${ms(r.socket.p95)}, max ${ms(r.socket.max)}`,
    `  page: ${fmt(r.page.messagesPerSecond, 1)} socket messages/s, ${fmt(r.page.kibPerSecond)} KiB/s; ${r.page.feedItems} feed items, ${fmt(r.page.domNodes)} DOM elements, JS heap ${fmt(r.page.heapMiB)} MiB at the end`,
    `  Chromium CPU: ${pct(r.page.chromiumCpu)} of one CPU; page main thread busy: ${busyText(r.page.busy)}`,
    `  load average at the end: ${r.loadAverage.map((l) => fmt(l, 2)).join(' ')}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

function writeDocs(r) {
  const file = writeDocsSection('live', [
    '## Event to browser',
    '',
    'What it measures: the time from an accepted OTLP request (its 2xx answer) to its hop painted in',
    "the dashboard's Overview in headless Chromium, under sustained ingest. The built API runs as",
    'deployed (schedulers on, demo off); a separate process sends OTLP protobuf requests of finance',
    'spans as bench:ingest does, and at most every `BENCH_MARKER_EVERY_MS` one request carries a marker',
    '(its newest span, with a unique record key). A script in the page notes when the socket message',
    'carrying the marker arrives, when the marker is added to the live feed (MutationObserver) and the',
    'start of the next animation frame; both clocks are `Date.now()` on the same machine. A marker',
    'never shown ranks above every shown one. The baseline, in the same run before the load, sends one',
    'request at a time, each a marker, with a pause after each.',
    '',
    `Command: \`${r.command}\` (settings: BENCH_SECONDS=${r.settings.seconds}, BENCH_WARMUP_SECONDS=${r.settings.warmupSeconds}, BENCH_CONCURRENCY=${r.settings.concurrency}, BENCH_BATCH=${r.settings.batch}, BENCH_MARKER_EVERY_MS=${r.settings.markerEveryMs}).`,
    '',
    '| | |',
    '| --- | --- |',
    `| date | ${r.date} |`,
    `| machine | ${r.machine.nproc} CPUs (\`nproc\`), ${r.machine.cpuModel}, ${fmt(r.machine.memoryGiB, 1)} GiB memory, ${r.machine.platform} |`,
    `| software | Node ${r.node}, Chromium ${r.chromium} (headless), ${r.database} |`,
    `| load | **${fmt(r.load.spansPerSecond)} spans/s** (${fmt(r.load.requests)} requests of ${r.settings.batch} spans over ${r.settings.seconds} s from ${r.settings.concurrency} connections; ${r.load.non2xx} non-2xx) |`,
    `| markers | ${r.markers.sent} sent, ${r.markers.shown} shown, ${r.markers.missed} never shown |`,
    `| **2xx answer → painted** | p50 ${ms(r.frame.p50)}, **p95 ${ms(r.frame.p95)}**, max ${ms(r.frame.max)} (target p95 ≤ ${TARGET_P95_MS} ms over at least ${MIN_MARKERS} markers: ${verdict(r).replace('NOT', 'not')}) |`,
    `| 2xx answer → in the DOM | p50 ${ms(r.dom.p50)}, p95 ${ms(r.dom.p95)}, max ${ms(r.dom.max)} |`,
    `| baseline, same run: one request at a time | ${r.idle.markers.sent} markers (${r.idle.markers.missed} never shown), 2xx answer → painted p50 ${ms(r.idle.frame.p50)}, p95 ${ms(r.idle.frame.p95)}; **loaded p95 / baseline p95: ${fmt(r.frame.p95 / r.idle.frame.p95, 1)} ×** |`,
    `| 2xx answer → socket message in the page | p50 ${ms(r.socket.p50)}, p95 ${ms(r.socket.p95)}, max ${ms(r.socket.max)} |`,
    `| what the page receives | ${fmt(r.page.messagesPerSecond, 1)} socket messages/s, ${fmt(r.page.kibPerSecond)} KiB/s |`,
    `| Chromium | ${pct(r.page.chromiumCpu)} of one CPU (all its processes); page main thread busy ${busyText(r.page.busy)} (Chrome DevTools Protocol \`Performance.getMetrics\`) |`,
    `| what the page holds | ${r.page.feedItems} feed items, ${fmt(r.page.domNodes)} DOM elements, JS heap ${fmt(r.page.heapMiB)} MiB at the end |`,
    `| machine load | load average ${r.loadAverage.map((l) => fmt(l, 2)).join(' ')} at the end (the API, PostgreSQL, the load generator and Chromium share the CPUs, with other work) |`,
    '',
    '**What it took** (same machine, shared with other work; before: the same benchmark on the',
    'product as it was). Each ingest request was sent to the browser as its own `hops.created` message',
    'of all its hops (1,000 per request, about 400 KB of JSON), so under load the page got about 11',
    'messages and 4.5 MB a second, parsed every hop to show 40, re-rendered the whole Overview (chart',
    'and tables too) per message, and repainted every frame for CSS animations of `box-shadow` (the',
    'live indicator) and `background` (each new feed row): its main thread was busy 93 % of the time',
    'and the p95 was 1.1 s at 8,700 spans/s (2.8 s at 3,600 spans/s on a busier moment, the socket',
    'message itself arriving up to 2.7 s late). Now the live gateway sends at most one message per',
    '100 ms per replica with at most 20 hops, each ingest request of the interval by its newest hop',
    'and then the newest others, plus the count committed (`apps/api/src/live/hop-throttle.ts`;',
    'docs/live-and-dashboard.md); the feed, 40 hops (all of the last two messages), is its own',
    'component; the animations change `transform` and `opacity`, which the compositor runs without',
    'repainting the page. The page now gets about 4 messages and 26 KiB a second and Chromium uses',
    'about a third of one CPU. What is left of the latency is mostly the machine: the API, PostgreSQL,',
    'the load generator and Chromium compete for 2 CPUs (with other work); the baseline, the same',
    'requests one at a time, shows how much of it is there without the load. On this shared machine',
    'the result follows the other work: of four full runs of this code on 2026-12-07 (load average',
    '13-16 from other work), the one at 17:19 met the target (5,875 spans/s, 126 markers, all shown,',
    'p50 326 ms, p95 871 ms, max 1,449 ms); in the others the baseline alone had a p95 of 1.2-2.5 s',
    'and the socket messages themselves arrived seconds late, so a busy browser handled several',
    'before rendering and some markers were never on screen (counted as not shown).',
    '',
    "Then the Overview's chart stopped reloading with every `flows.stats` push (every 300 ms under",
    'load: a request, a new query-cache entry and a redraw each time) and reloads at most every 5 s',
    '(`apps/web/src/hooks/useThrottled.ts`). The two runs after it, at 18:06 and 18:07 (load average',
    '5–7, a CI run beside them), both met the target with every marker shown: p95 335 ms and 355 ms',
    'at 10,400 and 10,900 spans/s. On the quiet machine at 20:32 and 20:34 (ingest paced by the',
    'evaluation lag, the evaluator started by every commit; load average 3–5, a build and an e2e',
    'run beside the second) p95 was 215 ms and 239 ms at 15,100 and 12,000 spans/s, every marker',
    'shown (the table above is the second).',
  ]);
  log(`results written to ${file}`);
}

// ---------------------------------------------------------------------------------------------
// Load generator (separate process)
// ---------------------------------------------------------------------------------------------

async function runLoad({ url, key, seconds, warmupSeconds, concurrency, batch, markerEveryMs = MARKER_EVERY_MS, markerBase = 0, pauseMs = 0 }) {
  const template = buildTemplate(batch);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL('/v1/traces', url);
  const markers = [];
  let markerCount = markerBase;
  let counter = 0;
  let measuredSpans = 0;
  let measuredRequests = 0;
  let non2xx = 0;
  const startedAt = performance.now();
  const measureFrom = startedAt + warmupSeconds * 1000;
  const stopAt = measureFrom + seconds * 1000;
  let nextMarkerAt = measureFrom;

  const worker = async () => {
    while (performance.now() < stopAt) {
      const t0 = performance.now();
      const markerKey = t0 >= nextMarkerAt ? `${MARKER_PREFIX}${String(markerCount++).padStart(12, '0')}` : undefined;
      if (markerKey) {
        nextMarkerAt = t0 + markerEveryMs;
        markers.push({ key: markerKey, answeredAt: 0 });
      }
      const body = template.next(counter, markerKey);
      counter += batch;
      const status = await post(agent, target, key, body);
      const answeredAt = Date.now();
      const t1 = performance.now();
      const marker = markerKey && markers.find((m) => m.key === markerKey);
      if (status !== 200) {
        non2xx++;
        if (marker) markers.splice(markers.indexOf(marker), 1);
        if (status === 429 || status === 503) await sleep(100);
        continue;
      }
      if (marker) marker.answeredAt = answeredAt;
      if (t0 >= measureFrom && t1 <= stopAt) {
        measuredSpans += batch;
        measuredRequests++;
      }
      if (pauseMs) await sleep(pauseMs);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  process.send({ seconds: (performance.now() - startedAt) / 1000, measuredSpans, measuredRequests, non2xx, markers });
  process.disconnect();
}

// Entry point last: the constants above must be initialised first.
if (process.argv[2] === '--load') {
  await runLoad(JSON.parse(process.argv[3]));
} else {
  await main();
}
