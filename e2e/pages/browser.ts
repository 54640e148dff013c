import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import launchOptions from './chromium-launch.json';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Debian Chromium in a fresh profile (launch() refuses --user-data-dir, so a persistent context). */
export async function launchChromium(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'closewatch-chromium-'));
  // The flags and viewport the benchmarks use too (scripts/bench/live-latency.mjs); CHROMIUM_PATH overrides the executable.
  const context = await chromium.launchPersistentContext(profile, {
    ...launchOptions,
    executablePath: process.env.CHROMIUM_PATH ?? launchOptions.executablePath,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A fresh Chromium with one page open, collecting the page's uncaught errors (a spec expects none). */
export async function launchPage(): Promise<Browser & { page: Page; pageErrors: string[] }> {
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return { ...browser, page, pageErrors };
}

/** Collects what the page's Content-Security-Policy blocked (Chromium reports it as console errors). */
export function recordCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  return violations;
}
