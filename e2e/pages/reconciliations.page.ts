import { type Locator, type Page } from 'playwright-core';

/** The reconciliations list, one definition's page with its trend, and a run's page with its breaks. */
export class ReconciliationsPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  get list(): Locator {
    return this.page.getByTestId('reconciliations-page');
  }
  row(reconId: string): Locator {
    return this.page.locator(`[data-testid="recon-row"][data-id="${reconId}"]`);
  }
  lastResult(reconId: string): Locator {
    return this.row(reconId).getByTestId('last-result');
  }
  get runPage(): Locator {
    return this.page.getByTestId('recon-run-page');
  }
  get breakRows(): Locator {
    return this.page.getByTestId('break-row');
  }
  get trend(): Locator {
    return this.page.getByTestId('recon-trend');
  }

  async goto(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/reconciliations`);
    await this.list.waitFor();
  }

  async runNow(reconId: string): Promise<void> {
    await this.row(reconId).getByTestId('run-now').click();
  }

  async waitForLastStatus(reconId: string, status: string): Promise<void> {
    await this.page.locator(`[data-testid="recon-row"][data-id="${reconId}"] [data-testid="last-result"][data-status="${status}"]`).waitFor();
  }

  /** Break counts shown in a row's last result, by type. */
  async lastBreakCounts(reconId: string): Promise<Record<string, number>> {
    return this.lastResult(reconId)
      .getByTestId('break-count')
      .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-type') ?? '', Number(e.getAttribute('data-count'))])));
  }

  async openLastRun(reconId: string): Promise<void> {
    await this.lastResult(reconId).getByTestId('open-run').click();
    await this.runPage.waitFor();
  }

  async waitForRunStatus(status: string): Promise<void> {
    await this.page.locator(`[data-testid="recon-run-page"] h1 [data-testid="run-status"][data-status="${status}"]`).waitFor();
  }

  /** The breaks on screen as `type recordKey classification`, in table order. */
  async breaks(): Promise<{ type: string; recordKey: string; classification: string }[]> {
    return this.breakRows.evaluateAll((rows) =>
      rows.map((r) => ({
        type: r.getAttribute('data-type') ?? '',
        recordKey: r.getAttribute('data-record-key') ?? '',
        classification: r.getAttribute('data-classification') ?? '',
      })),
    );
  }

  /** Waits until exactly `count` breaks are listed (all of `type` when given): the filters answered. */
  async waitForBreaks(count: number, type?: string): Promise<void> {
    // A function, not a string: the page's Content-Security-Policy forbids evaluating strings.
    await this.page.waitForFunction(
      ({ count, type }) => {
        const rows = Array.from((globalThis as unknown as BrowserDocument).document.querySelectorAll('[data-testid="break-row"]'));
        return rows.length === count && (type === null || rows.every((r) => r.getAttribute('data-type') === type));
      },
      { count, type: type ?? null },
    );
  }

  breakRow(recordKey: string, type?: string): Locator {
    return this.page.locator(`[data-testid="break-row"][data-record-key="${recordKey}"]${type ? `[data-type="${type}"]` : ''}`);
  }

  async filterType(type: string): Promise<void> {
    await this.page.getByTestId('breaks-filter-type').selectOption(type);
  }

  async filterClassification(kind: string): Promise<void> {
    await this.page.getByTestId('breaks-filter-classification').selectOption(kind);
  }

  async openRecon(reconId: string): Promise<void> {
    await this.row(reconId).getByTestId('recon-link').click();
    await this.page.getByTestId('recon-detail-page').waitFor();
  }
}

/** The part of the page's DOM waitForBreaks reads (this project compiles without the DOM types). */
interface BrowserDocument {
  document: { querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }> };
}
