import { type Page } from 'playwright-core';

interface BrowserStorage {
  localStorage: { getItem(key: string): string | null };
}

/** The session token the dashboard keeps in localStorage, or null when signed out. */
export function storedSessionToken(page: Page): Promise<string | null> {
  return page.evaluate(() => (globalThis as unknown as BrowserStorage).localStorage.getItem('closewatch.session'));
}
