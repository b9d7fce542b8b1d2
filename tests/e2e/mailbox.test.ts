import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sendMail } from '../../functions/mail/send.ts';
import { expectNoAxeViolations, useRuntimeAndBrowser } from './browser.ts';

const e2e = useRuntimeAndBrowser({ mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-mailbox-')), port: 0 } });

describe('the local mailbox page', () => {
  it('shows mail sent while running locally, newest first, with its HTML and plain-text parts', async () => {
    await e2e.page.goto(e2e.runtime.mailboxUrl!);
    await expectNoAxeViolations(e2e.page);
    expect(await e2e.page.getByText('No mail yet.').count()).toBe(1);

    await sendMail({ to: 'opettaja@example.fi', subject: 'Ensimmäinen viesti', text: 'Hei!', html: '<p>Hei!</p>', locale: 'fi' });
    await sendMail({
      to: 'larare@example.fi',
      subject: 'Andra meddelandet <b>',
      text: 'Hej & välkommen',
      html: '<p>Hej &amp; <strong>välkommen</strong></p>',
      locale: 'sv',
      attachments: [{ filename: 'tarjotin.ics', contentType: 'text/calendar; charset=utf-8', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' }],
    });

    await e2e.page.reload();
    await expectNoAxeViolations(e2e.page);
    const subjects = await e2e.page.getByRole('row').allTextContents();
    expect(subjects[1]).toContain('Andra meddelandet <b>');
    expect(subjects[2]).toContain('Ensimmäinen viesti');

    await e2e.page.getByRole('link', { name: 'Andra meddelandet <b>' }).click();
    await expectNoAxeViolations(e2e.page);
    expect(await e2e.page.getByRole('heading', { level: 1 }).textContent()).toBe('Andra meddelandet <b>');
    expect(await e2e.page.locator('pre').textContent()).toBe('Hej & välkommen');
    const html = e2e.page.frameLocator('iframe[title="The message as HTML"]');
    expect(await html.locator('strong').textContent()).toBe('välkommen');

    // Its calendar attachment can be downloaded as it was sent.
    const link = e2e.page.getByRole('link', { name: 'tarjotin.ics' });
    const file = await fetch(new URL((await link.getAttribute('href'))!, e2e.runtime.mailboxUrl!));
    expect(file.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await file.text()).toBe('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
  });
});
