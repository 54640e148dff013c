import { type Download, type Locator, type Page } from 'playwright-core';

export interface HistoryLine {
  action: string;
  actor: string;
}

/** The exceptions queue, its bulk bar and the detail drawer with the workflow. */
export class ExceptionsPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  get root(): Locator {
    return this.page.getByTestId('exceptions-page');
  }
  get drawer(): Locator {
    return this.page.getByTestId('exception-drawer');
  }
  get rows(): Locator {
    return this.page.getByTestId('exception-row');
  }

  async goto(query = ''): Promise<void> {
    await this.page.goto(`${this.baseUrl}/exceptions${query}`);
    await this.root.waitFor();
    await this.page.locator('[data-testid="connection-indicator"][data-status="live"]').waitFor();
  }

  row(recordKey: string): Locator {
    return this.page.locator(`[data-testid="exception-row"][data-record-key="${recordKey}"]`);
  }

  /** Waits until the record's row shows this status. */
  async waitForRowStatus(recordKey: string, status: string): Promise<void> {
    await this.page.locator(`[data-testid="exception-row"][data-record-key="${recordKey}"][data-status="${status}"]`).waitFor();
  }

  async rowId(recordKey: string): Promise<string> {
    return (await this.row(recordKey).getAttribute('data-id')) ?? '';
  }

  async setStatusFilter(value: 'unresolved' | 'all' | 'open' | 'acknowledged' | 'resolved' | 'dismissed'): Promise<void> {
    await this.page.getByTestId('filter-status').selectOption(value);
  }

  async openException(recordKey: string): Promise<void> {
    await this.row(recordKey).getByTestId('open-exception').click();
    await this.page.locator(`[data-testid="exception-drawer"][data-id="${await this.rowId(recordKey)}"] [data-testid="drawer-status"]`).waitFor();
  }

  async waitForDrawerStatus(status: string): Promise<void> {
    await this.drawer.locator(`[data-testid="drawer-status"][data-status="${status}"]`).waitFor();
  }

  /** Picks the person from the list (admins) or types the email (everyone else). */
  async assignTo(email: string): Promise<void> {
    const input = this.drawer.getByTestId('assignee-input');
    if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(email);
    else await input.fill(email);
    await this.drawer.getByTestId('action-assign').click();
  }

  async acknowledge(): Promise<void> {
    await this.drawer.getByTestId('action-acknowledge').click();
    await this.waitForDrawerStatus('acknowledged');
  }

  async comment(text: string): Promise<void> {
    await this.drawer.getByTestId('comment-text').fill(text);
    await this.drawer.getByTestId('comment-submit').click();
    await this.drawer.getByTestId('exception-comment').filter({ hasText: text }).waitFor();
  }

  async resolve(code: string, note: string): Promise<void> {
    await this.drawer.getByTestId('action-resolve').click();
    await this.drawer.getByTestId('resolve-code').selectOption(code);
    await this.drawer.getByTestId('resolve-note').fill(note);
    await this.drawer.getByTestId('resolve-submit').click();
    await this.waitForDrawerStatus('resolved');
  }

  /** Asks to dismiss with this reason (the form stays open when the server refuses). */
  async dismiss(reason: string): Promise<void> {
    await this.drawer.getByTestId('action-dismiss').click();
    await this.drawer.getByTestId('dismiss-reason').fill(reason);
    await this.drawer.getByTestId('dismiss-submit').click();
    if (!reason) await this.drawer.getByTestId('workflow-error').waitFor();
  }

  async history(): Promise<HistoryLine[]> {
    return this.drawer
      .getByTestId('history-entry')
      .evaluateAll((items) =>
        items.map((i) => ({ action: i.getAttribute('data-action') ?? '', actor: i.querySelector('[data-testid="history-actor"]')?.textContent ?? '' })),
      );
  }

  /** Waits until the drawer's history ends with this action. */
  async waitForHistory(action: string): Promise<void> {
    await this.drawer.locator(`[data-testid="history-entry"][data-action="${action}"]`).waitFor();
  }

  async select(recordKeys: string[]): Promise<void> {
    for (const key of recordKeys) await this.row(key).getByTestId('select-row').check();
  }

  async exportCsv(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByTestId('export-csv').click()]);
    return download;
  }
}
