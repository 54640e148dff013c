import { type Locator, type Page } from 'playwright-core';

/** The top bar of every signed-in page: the main navigation, and the height it publishes for sticky panels. */
export class Topbar {
  constructor(private readonly page: Page) {}

  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Main' });
  }

  get navLinks(): Locator {
    return this.nav.getByRole('link');
  }

  /** The links whose box lies outside the navigation's own box (scrolled or cut out of sight), by label. */
  async linksOutOfSight(): Promise<string[]> {
    const nav = await this.nav.boundingBox();
    if (!nav) throw new Error('the navigation is not shown');
    const out: string[] = [];
    for (const link of await this.navLinks.all()) {
      const box = await link.boundingBox();
      const inside = box && box.x >= nav.x && box.y >= nav.y && box.x + box.width <= nav.x + nav.width + 0.5 && box.y + box.height <= nav.y + nav.height + 0.5;
      if (!inside) out.push(await link.innerText());
    }
    return out;
  }

  /**
   * Waits until the bar is taller than one row (its links wrapped) and `--topbar-height` on the
   * document says its height, which the drawers and the live feed stick below.
   */
  async waitForWrappedHeightPublished(): Promise<void> {
    // A function, not a string: the page's Content-Security-Policy forbids evaluating strings.
    await this.page.waitForFunction(() => {
      const { document, getComputedStyle } = globalThis as unknown as BrowserWindow;
      const bar = document.querySelector('header.topbar');
      return !!bar && bar.offsetHeight > 56 && getComputedStyle(document.documentElement).getPropertyValue('--topbar-height') === `${bar.offsetHeight}px`;
    });
  }
}

/** The part of the page's DOM read here (this project compiles without the DOM types). */
interface BrowserWindow {
  document: { querySelector(selector: string): { offsetHeight: number } | null; documentElement: unknown };
  getComputedStyle(element: unknown): { getPropertyValue(name: string): string };
}
