import AxeBuilder from '@axe-core/playwright';
import { type Page } from 'playwright-core';

/** Impacts that fail the check; minor and moderate findings are left to review. */
const FAILING = new Set(['serious', 'critical']);

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on what the page shows now and returns the serious and
 * critical violations, one line per rule with the elements it found, so a failing expectation
 * names what to fix. Playwright evaluates axe through the DevTools protocol, which the page's
 * Content-Security-Policy does not govern: the check needs no relaxed policy.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => FAILING.has(v.impact ?? ''))
    .map((v) => `${new URL(page.url()).pathname}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
