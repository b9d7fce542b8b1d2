import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.ts';
import { expectNoAxeViolations, openMail, useRuntimeAndBrowser } from './browser.ts';

const e2e = useRuntimeAndBrowser({ webPort: 0, mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-signin-')), port: 0 } });

/** Opens the newest mail to `address` in the mailbox page and returns its button's link. */
async function linkFromMailbox(page: Page, runtime: LocalRuntime, address: string): Promise<string> {
  const href = await openMail(page, runtime, address);
  if (!href) throw new Error('The mail has no link');
  return href;
}

describe('signing in by emailed link', () => {
  it('sends a link, signs in with its button, shows the account and signs out', async () => {
    const { page, runtime } = e2e;
    await page.goto(`${runtime.webUrl}/en`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await expectNoAxeViolations(page);

    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Send sign-in link' }).click();
    await expectNoAxeViolations(page);
    expect(await page.getByRole('alert').textContent()).toContain('email');
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Email address').fill('Maija.Museo@Example.fi');
    await page.getByRole('button', { name: 'Send sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await expectNoAxeViolations(page);

    const link = await linkFromMailbox(page, runtime, 'maija.museo@example.fi');
    expect(link).toContain(`${runtime.webUrl}/en/sign-in/verify?token=`);
    await page.goto(link);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    await expectNoAxeViolations(page);
    expect(await page.getByText('Signed in as maija.museo@example.fi').count()).toBe(1);
    // A teacher's enrolments made with this address are listed here; this person has none.
    expect(await page.getByRole('region', { name: 'My enrolments' }).getByText('No enrolments have been made with this email address.').count()).toBe(1);
    const cookie = (await e2e.context.cookies()).find((c) => c.name === 'tarjotin_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    // The same link a second time: used up.
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('already been used');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await page.goto(`${runtime.webUrl}/en/account`);
    expect(new URL(page.url()).pathname).toBe('/en/sign-in');
  });

  it('works without JavaScript and returns to the page that asked for sign-in', async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${e2e.runtime.webUrl}/sv/account`);
    expect(new URL(page.url()).searchParams.get('returnTo')).toBe('/sv/account');
    await page.getByLabel('E-postadress').fill('larare@example.fi');
    await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
    await page.getByRole('heading', { name: 'Kolla din e-post' }).waitFor();

    // The mailbox page is read with the scripted page: axe needs JavaScript.
    const link = await linkFromMailbox(e2e.page, e2e.runtime, 'larare@example.fi');
    await page.goto(link);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { name: 'Mitt konto' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sv/account');
    await context.close();
  });

  it('keeps what was typed before the page\'s scripts ran (a slow phone types before hydration)', async () => {
    // Arrange: hold back the app's scripts (not its styles, which the page waits for) until the address has been typed.
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    let release = () => {};
    const scriptsMayLoad = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_app/immutable/**/*.js', async (route) => {
      await scriptsMayLoad;
      await route.continue();
    });
    await page.goto(`${e2e.runtime.webUrl}/en/sign-in`, { waitUntil: 'domcontentloaded' });

    // Act: type, then let the scripts load and hydrate the page.
    await page.getByLabel('Email address').fill('early.typist@example.fi');
    release();
    await page.waitForLoadState('networkidle');

    // Assert: the address is still there and is the one the link goes to.
    expect(await page.getByLabel('Email address').inputValue()).toBe('early.typist@example.fi');
    await page.getByRole('button', { name: 'Send sign-in link' }).click();
    expect(await page.getByRole('status').textContent()).toContain('early.typist@example.fi');
    await context.close();
  });
});
