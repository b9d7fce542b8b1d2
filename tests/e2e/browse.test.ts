import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.ts';
import { dropTable } from '../../infra/local/table.ts';
import { expectNoAxeViolations, launchChromium } from './browser.ts';

let runtime: LocalRuntime;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const tableName = `e2e-${randomUUID()}`;

beforeAll(async () => {
  runtime = await startLocalRuntime({
    tableName,
    apiPort: 0,
    webPort: 0,
    dynamoDb: { endpoint: inject('dynamoDbEndpoint') },
    demoData: {},
  });
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'sv-FI' });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await dropTable(inject('dynamoDbEndpoint'), tableName);
});

/** Every page a test visits is checked with axe. */
async function visit(path: string) {
  const response = await page.goto(`${runtime.webUrl}${path}`);
  await expectNoAxeViolations(page);
  return response;
}

describe('a visitor browsing offerings', () => {
  it('lands in their browser’s language and sees upcoming offerings with free seats or the reason why not', async () => {
    await visit('/');
    expect(new URL(page.url()).pathname).toBe('/sv');
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Hitta program för din grupp');
    const results = page.getByRole('list').filter({ has: page.getByRole('article') }).getByRole('listitem');
    expect(await results.count()).toBe(20);
    const badges = await page.locator('.badge').allTextContents();
    expect(badges.every((text) => /lediga|Fullbokat|Anmälan|Ingen anmälan|Inställt/.test(text))).toBe(true);
  });

  it('narrows the search with the form, and the URL carries the query so it can be shared', async () => {
    await visit('/fi');
    await page.getByLabel('Luokka-aste tai ikä').selectOption('preschool');
    await page.getByRole('button', { name: 'Hae' }).click();
    await page.waitForURL(/studyLevel=preschool/);
    await expectNoAxeViolations(page);
    const cards = page.getByRole('article');
    expect(await cards.count()).toBeGreaterThan(0);
    for (const text of await cards.allTextContents()) expect(text).toContain('Esiopetus');
    const shared = page.url();
    const other = await context.newPage();
    await other.goto(shared);
    expect(await other.getByLabel('Luokka-aste tai ikä').inputValue()).toBe('preschool');
    await other.close();
  });

  it('re-shows the form with a message beside the field when the dates are the wrong way round', async () => {
    await visit('/en?from=2027-02-10&to=2027-02-01');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('The end date is before the start date');
    expect(await page.getByLabel('To').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('To').inputValue()).toBe('2027-02-01');
  });

  it('pages on with a cursor link', async () => {
    await visit('/en');
    const firstPage = await page.getByRole('article').first().textContent();
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL(/cursor=/);
    await expectNoAxeViolations(page);
    expect(await page.getByRole('article').first().textContent()).not.toBe(firstPage);
  });

  it('opens an offering with its texts, venue, levels, languages, price and occurrences, marked up as schema.org Events', async () => {
    await visit('/fi');
    const title = (await page.getByRole('article').first().getByRole('heading').textContent())?.trim() ?? '';
    await page.getByRole('article').first().getByRole('link').click();
    await page.waitForURL(/\/fi\/offerings\//);
    await expectNoAxeViolations(page);
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(title);
    for (const label of ['Kohderyhmä', 'Kielet', 'Kesto', 'Hinta', 'Paikka', 'Yhteyshenkilö']) {
      await expect.poll(() => page.getByText(label, { exact: true }).count()).toBeGreaterThan(0);
    }
    expect(await page.getByRole('heading', { name: 'Tulevat tapahtumat' }).count()).toBe(1);
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(jsonLd['@context']).toBe('https://schema.org');
    expect(jsonLd['@graph'][0]['@type']).toBe('Event');
    expect(jsonLd['@graph'][0].name).toBe(title);
  });

  it('switches language on the same page with the switcher', async () => {
    await visit('/fi');
    await page.getByRole('article').first().getByRole('link').click();
    await page.waitForURL(/\/fi\/offerings\//);
    const path = new URL(page.url()).pathname.replace('/fi/', '/en/');
    await page.getByRole('navigation', { name: 'Kieli' }).getByRole('link', { name: 'English' }).click();
    await page.waitForURL((url) => url.pathname === path);
    await expectNoAxeViolations(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { name: 'Upcoming occurrences' }).count()).toBe(1);
  });

  it('shows a helpful not-found page for an unknown offering', async () => {
    const response = await visit('/sv/offerings/01KAAAAAAAAAAAAAAAAAAAAAAA');
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sidan hittades inte');
    expect(await page.getByRole('link', { name: 'Till startsidan' }).getAttribute('href')).toBe('/sv');
  });

  it('answers an unknown page inside a language in that language, with the header and switcher', async () => {
    const response = await visit('/sv/ingen-sådan-sida');
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sidan hittades inte');
    expect(await page.getByText('Not Found').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Språk' }).getByRole('link').count()).toBe(3);
  });

  it('answers an unknown page outside the languages in the browser’s language', async () => {
    const response = await visit('/no-such-page');
    expect(response?.status()).toBe(404);
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sidan hittades inte');
  });

  it('lets a keyboard user skip straight to the content', async () => {
    await visit('/fi');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Siirry sisältöön' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('fits a 320-pixel-wide phone without sideways scrolling', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    await visit('/fi');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole('article').first().getByRole('link').click();
    await page.waitForURL(/offerings/);
    await expectNoAxeViolations(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('searches without JavaScript, because the form is a plain GET form', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${runtime.webUrl}/en`);
    await plain.getByLabel('Area').selectOption('central');
    await plain.getByRole('button', { name: 'Search' }).click();
    await plain.waitForURL(/area=central/);
    expect(await plain.getByRole('article').count()).toBeGreaterThan(0);
    // axe cannot run with scripts off, so the same result page is checked with them on.
    const { pathname, search } = new URL(plain.url());
    await visit(`${pathname}${search}`);
    await noScript.close();
  });
});
