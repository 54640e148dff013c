import { type Locator, type Page } from 'playwright-core';

/** The Audit page: filters, entries, the entry drawer with its before/after, verify. */
export class AuditPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  get root(): Locator {
    return this.page.getByTestId('audit-page');
  }
  get rows(): Locator {
    return this.page.getByTestId('audit-row');
  }
  get drawer(): Locator {
    return this.page.getByTestId('audit-drawer');
  }
  get verifyResult(): Locator {
    return this.page.getByTestId('audit-verify-result');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`${this.baseUrl}/audit${query}`);
    await this.root.waitFor();
  }

  async filterByObjectId(id: string): Promise<void> {
    await this.page.getByTestId('audit-filter-object-id').fill(id);
    await this.page.locator(`[data-testid="audit-row"][data-object-id="${id}"]`).first().waitFor();
  }

  row(action: string): Locator {
    return this.page.locator(`[data-testid="audit-row"][data-action="${action}"]`);
  }

  async open(action: string): Promise<void> {
    await this.row(action).first().getByTestId('audit-open').click();
    await this.drawer.waitFor();
  }

  /** The drawer's before → after rows, as `path: before → after`. */
  async diff(): Promise<string[]> {
    return this.drawer.getByTestId('audit-diff-row').evaluateAll((rows) =>
      rows.map((r) => {
        const [path, before, after] = [...r.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return `${path}: ${before} → ${after}`;
      }),
    );
  }

  async verify(): Promise<void> {
    await this.page.getByTestId('audit-verify').click();
    await this.page.locator('[data-testid="audit-verify-result"][data-ok]:not([data-ok=""])').waitFor();
  }
}
