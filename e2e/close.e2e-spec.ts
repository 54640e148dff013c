import { type CloseDeadlineDto } from '@closewatch/contracts/close';
import { dashboardSuite } from './support/dashboard-suite';
import { ClosePage } from './pages/close.page';
import { LoginPage } from './pages/login.page';

/** The Close page in Chromium: finance ops add a calendar and see its windows; a viewer only reads. */
describe('Close page in Chromium', () => {
  const finance = { email: 'controller@example.com', password: 'close-e2e-pw', name: 'Controller', role: 'finance_ops' as const };
  const viewer = { email: 'close-reader@example.com', password: 'close-viewer-pw', name: 'Reader', role: 'viewer' as const };
  const suite = dashboardSuite({}, [finance, viewer]);

  it('lets finance ops add a calendar, names a bad field, and shows both windows', async () => {
    const { t, page } = suite;
    await new LoginPage(page).signInAt(t.url, finance);
    const close = new ClosePage(page, t.url);
    await close.goto();
    await close.saveCalendar('IN01', JSON.stringify({ timezone: 'Asia/Kolkata', workweek: [1, 2, 3, 4, 9], deadline: 'WD+5' }));
    await close.form.getByTestId('error-banner').waitFor();
    expect(await close.form.getByTestId('error-banner').innerText()).toContain('workweek[4]');

    await close.saveCalendar('IN01', JSON.stringify({ timezone: 'Asia/Kolkata', deadline: 'WD+5', deadlineTime: '18:00' }));
    await close.calendar('IN01').waitFor();
    const res = await fetch(`${t.url}/api/v1/close-calendars/IN01`, { headers: { authorization: `Bearer ${await t.tokenFor('auditor')}` } });
    const w = (await res.json()) as CloseDeadlineDto;
    expect(await close.calendar('IN01').innerText()).toContain('Asia/Kolkata');
    // One of the two windows shown is the close in progress, due at 18:00 Kolkata time.
    await close.window('IN01', w.period).waitFor();
    expect(await close.window('IN01', w.period).innerText()).toContain('18:00');
  });

  it('shows a viewer the calendars without the editor', async () => {
    const { t, page } = suite;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await new LoginPage(page).signInAt(t.url, viewer);
    const close = new ClosePage(page, t.url);
    await close.goto();
    await close.calendar('IN01').waitFor();
    expect(await close.form.count()).toBe(0);
    expect(await page.getByTestId('edit-calendar').count()).toBe(0);
  });

  it('raised no uncaught error in the page', () => {
    expect(suite.pageErrors).toEqual([]);
  });
});
