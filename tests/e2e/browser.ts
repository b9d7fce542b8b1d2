import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.ts';
import { dropTable } from '../../infra/local/table.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, driven by playwright-core (Playwright's own browser download cannot work here). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium was not found at ${chromiumPath}: install it with \`sudo apt-get install -y chromium\`.`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** WCAG 2.1 A and AA rules (and best practice) must find nothing on the page as it stands. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe on ${page.url()}`).toEqual([]);
}

/**
 * The local runtime on its own table in the shared DynamoDB Local, and Chromium, for one test
 * file; both are stopped and the table dropped after it. Call at the top level of the file.
 */
export function useRuntimeAndBrowser(
  options: Omit<Parameters<typeof startLocalRuntime>[0], 'tableName' | 'apiPort' | 'dynamoDb'>,
  contextOptions: BrowserContextOptions = {},
) {
  const tableName = `e2e-${randomUUID()}`;
  const handles = {} as { runtime: LocalRuntime; browser: Browser; context: BrowserContext; page: Page };
  beforeAll(async () => {
    handles.runtime = await startLocalRuntime({ ...options, tableName, apiPort: 0, dynamoDb: { endpoint: inject('dynamoDbEndpoint') } });
    handles.browser = await launchChromium();
    handles.context = await handles.browser.newContext(contextOptions);
    handles.page = await handles.context.newPage();
  });
  afterAll(async () => {
    await handles.browser?.close();
    await handles.runtime?.stop();
    await dropTable(inject('dynamoDbEndpoint'), tableName);
  });
  return handles;
}

/**
 * Waits until the page's scripts have loaded and hydrated it, so that what JavaScript adds
 * (language tabs, live messages) is there to check and use.
 */
export const hydrated = (page: Page) => page.waitForLoadState('networkidle');

/** Checks a page as it stands with axe, once hydrated (so the next step may type into it). */
export async function checkPage(page: Page): Promise<void> {
  await hydrated(page);
  await expectNoAxeViolations(page);
}

/**
 * At 320 CSS pixels wide nothing but a wide table's own scroller may scroll sideways
 * (WCAG 1.4.10 reflow); the viewport is put back after.
 */
export async function expectReflowAt320(page: Page): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (size) await page.setViewportSize(size);
  expect(overflow, `horizontal scrolling at 320 px on ${page.url()}`).toBe(0);
}

/** Opens the newest mail to `to` (whose subject has `subject`, when given) on the mailbox page, checks it with axe and returns its first link. */
export async function openMail(page: Page, runtime: LocalRuntime, to: string, subject?: string): Promise<string | null> {
  await page.goto(runtime.mailboxUrl!);
  let rows = page.getByRole('row').filter({ hasText: to });
  if (subject) rows = rows.filter({ hasText: subject });
  await rows.first().getByRole('link').click();
  await checkPage(page);
  return page.frameLocator('iframe[title="The message as HTML"]').getByRole('link').first().getAttribute('href');
}

/** The words of the sign-in pages and mail in one language. */
export const signInWords = {
  en: { email: 'Email address', send: 'Send sign-in link', sent: 'Check your email', signIn: 'Sign in', subject: 'Sign in to Tarjotin' },
  fi: { email: 'Sähköpostiosoite', send: 'Lähetä kirjautumislinkki', sent: 'Tarkista sähköpostisi', signIn: 'Kirjaudu sisään', subject: 'Kirjaudu Tarjottimeen' },
};

/**
 * Opens `path` signed out, which sends the visitor to sign in; signs in with `email` through the
 * mailed link, the way a person does, and lands back on `path`. Axe checks each page on the way
 * unless the mail is read in another page (`mailPage`).
 */
export async function signInByMail(
  page: Page,
  runtime: LocalRuntime,
  path: string,
  email: string,
  words = signInWords.en,
  mailPage = page,
): Promise<void> {
  const axe = mailPage === page;
  await page.goto(`${runtime.webUrl}${path}`);
  expect(new URL(page.url()).searchParams.get('returnTo')).toBe(path);
  await (axe ? checkPage(page) : hydrated(page));
  await page.getByLabel(words.email).fill(email);
  await page.getByRole('button', { name: words.send }).click();
  await page.getByRole('heading', { name: words.sent }).waitFor();
  if (axe) await checkPage(page);
  const link = await openMail(mailPage, runtime, email, words.subject);
  if (!link) throw new Error(`No sign-in link was mailed to ${email}`);
  await page.goto(link);
  if (axe) await checkPage(page);
  await page.getByRole('main').getByRole('button', { name: words.signIn }).click();
  await page.waitForURL((url) => url.pathname === path);
}
