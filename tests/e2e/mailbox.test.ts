import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sendMail } from '../../functions/mail/send.ts';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.ts';
import { dropTable } from '../../infra/local/table.ts';
import { expectNoAxeViolations, launchChromium } from './browser.ts';

let runtime: LocalRuntime;
let browser: Browser;
let page: Page;
const tableName = `e2e-${randomUUID()}`;

beforeAll(async () => {
  runtime = await startLocalRuntime({
    tableName,
    apiPort: 0,
    dynamoDb: { endpoint: inject('dynamoDbEndpoint') },
    mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-mailbox-')), port: 0 },
  });
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await dropTable(inject('dynamoDbEndpoint'), tableName);
});

describe('the local mailbox page', () => {
  it('shows mail sent while running locally, newest first, with its HTML and plain-text parts', async () => {
    await page.goto(runtime.mailboxUrl!);
    await expectNoAxeViolations(page);
    expect(await page.getByText('No mail yet.').count()).toBe(1);

    await sendMail({ to: 'opettaja@example.fi', subject: 'Ensimmäinen viesti', text: 'Hei!', html: '<p>Hei!</p>', locale: 'fi' });
    await sendMail({
      to: 'larare@example.fi',
      subject: 'Andra meddelandet <b>',
      text: 'Hej & välkommen',
      html: '<p>Hej &amp; <strong>välkommen</strong></p>',
      locale: 'sv',
    });

    await page.reload();
    await expectNoAxeViolations(page);
    const subjects = await page.getByRole('row').allTextContents();
    expect(subjects[1]).toContain('Andra meddelandet <b>');
    expect(subjects[2]).toContain('Ensimmäinen viesti');

    await page.getByRole('link', { name: 'Andra meddelandet <b>' }).click();
    await expectNoAxeViolations(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Andra meddelandet <b>');
    expect(await page.locator('pre').textContent()).toBe('Hej & välkommen');
    const html = page.frameLocator('iframe[title="The message as HTML"]');
    expect(await html.locator('strong').textContent()).toBe('välkommen');
  });
});
