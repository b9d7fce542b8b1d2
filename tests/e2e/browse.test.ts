import { describe, expect, it } from 'vitest';
import { demoCategories } from '../../infra/local/seed/demo-vocabularies.ts';
import { expectNoAxeViolations, useRuntimeAndBrowser } from './browser.ts';

const e2e = useRuntimeAndBrowser({ webPort: 0, demoData: {} }, { locale: 'sv-FI' });

/** Every page a test visits is checked with axe. */
async function visit(path: string) {
  const response = await e2e.page.goto(`${e2e.runtime.webUrl}${path}`);
  await expectNoAxeViolations(e2e.page);
  return response;
}

describe('a visitor browsing offerings', () => {
  it('lands in their browser’s language and sees upcoming offerings with free seats or the reason why not', async () => {
    await visit('/');
    expect(new URL(e2e.page.url()).pathname).toBe('/sv');
    expect(await e2e.page.locator('html').getAttribute('lang')).toBe('sv');
    await expect.poll(() => e2e.page.getByRole('heading', { level: 1 }).textContent()).toBe('Hitta program för din grupp');
    const results = e2e.page.getByRole('list').filter({ has: e2e.page.getByRole('article') }).getByRole('listitem');
    expect(await results.count()).toBe(20);
    const badges = await e2e.page.locator('.badge').allTextContents();
    expect(badges.every((text) => /lediga|Fullbokat|Anmälan|Ingen anmälan|Inställt/.test(text))).toBe(true);
  });

  it('narrows the search with the form, and the URL carries the query so it can be shared', async () => {
    await visit('/fi');
    await e2e.page.getByLabel('Luokka-aste tai ikä').selectOption('preschool');
    await e2e.page.getByRole('button', { name: 'Hae' }).click();
    await e2e.page.waitForURL(/studyLevel=preschool/);
    await expectNoAxeViolations(e2e.page);
    const cards = e2e.page.getByRole('article');
    expect(await cards.count()).toBeGreaterThan(0);
    for (const text of await cards.allTextContents()) expect(text).toContain('Esiopetus');
    const shared = e2e.page.url();
    const other = await e2e.context.newPage();
    await other.goto(shared);
    expect(await other.getByLabel('Luokka-aste tai ikä').inputValue()).toBe('preschool');
    await other.close();
  });

  it('finds offerings by Finnish free text in any case, then narrows them by category, and the URL keeps both', async () => {
    const titles = async () => (await e2e.page.getByRole('article').getByRole('heading').allTextContents()).map((t) => t.trim()).sort();
    await visit('/fi');
    await e2e.page.getByLabel('Hakusanat').fill('SATUHETK');
    await e2e.page.getByRole('button', { name: 'Hae' }).click();
    await e2e.page.waitForURL((url) => url.searchParams.get('q') === 'SATUHETK');
    expect(await titles()).toEqual(['Kaksikielinen satuhetki suomeksi ja venäjäksi', 'Satuhetki nukkien kanssa ruotsiksi']);

    await e2e.page.getByLabel('Kategoria').selectOption({ label: 'Teatteri' });
    await e2e.page.getByRole('button', { name: 'Hae' }).click();
    await e2e.page.waitForURL((url) => url.searchParams.get('q') === 'SATUHETK' && url.searchParams.get('category') === demoCategories.theatre.id);
    await expectNoAxeViolations(e2e.page);
    expect(await titles()).toEqual(['Satuhetki nukkien kanssa ruotsiksi']);
    expect(await e2e.page.getByLabel('Hakusanat').inputValue()).toBe('SATUHETK');
    expect(await e2e.page.getByLabel('Kategoria').inputValue()).toBe(demoCategories.theatre.id);
  });

  it('shows a message beside the age field for an age out of range, not an error page', async () => {
    const response = await visit('/en?age=42');
    expect(response?.status()).toBe(200);
    expect(await e2e.page.getByLabel('Children’s age').getAttribute('aria-invalid')).toBe('true');
    expect(await e2e.page.getByRole('alert').getByRole('link').getAttribute('href')).toBe('#filter-age');
    expect(await e2e.page.getByRole('alert').textContent()).toContain('Give a number no greater than 19');
  });

  it('keeps a shared multi-level search when the form is submitted again', async () => {
    await visit('/en?studyLevel=grade-3,grade-4');
    const levels = e2e.page.getByLabel('Grade or age');
    expect(await levels.inputValue()).toBe('grade-3,grade-4');
    expect(await levels.locator('option:checked').textContent()).toBe('Grade 3, Grade 4');
    await e2e.page.getByRole('button', { name: 'Search' }).click();
    await e2e.page.waitForURL((url) => url.searchParams.get('studyLevel') === 'grade-3,grade-4' && url.searchParams.has('area'));
  });

  it('re-shows the form with a message beside the field when the dates are the wrong way round', async () => {
    await visit('/en?from=2027-02-10&to=2027-02-01');
    await expect.poll(() => e2e.page.getByRole('alert').textContent()).toContain('The end date is before the start date');
    // Exact: "Accessible toilet" contains "to" too.
    expect(await e2e.page.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await e2e.page.getByLabel('To', { exact: true }).inputValue()).toBe('2027-02-01');
  });

  it('pages on with a cursor link', async () => {
    await visit('/en');
    const firstPage = await e2e.page.getByRole('article').first().textContent();
    await e2e.page.getByRole('link', { name: 'Next page' }).click();
    await e2e.page.waitForURL(/cursor=/);
    await expectNoAxeViolations(e2e.page);
    expect(await e2e.page.getByRole('article').first().textContent()).not.toBe(firstPage);
  });

  it('opens an offering with its texts, venue, levels, languages, price and occurrences, marked up as schema.org Events', async () => {
    await visit('/fi');
    const title = (await e2e.page.getByRole('article').first().getByRole('heading').textContent())?.trim() ?? '';
    await e2e.page.getByRole('article').first().getByRole('link').click();
    await e2e.page.waitForURL(/\/fi\/offerings\//);
    await expectNoAxeViolations(e2e.page);
    expect((await e2e.page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(title);
    for (const label of ['Kohderyhmä', 'Kielet', 'Kesto', 'Hinta', 'Paikka', 'Yhteyshenkilö']) {
      await expect.poll(() => e2e.page.getByText(label, { exact: true }).count()).toBeGreaterThan(0);
    }
    expect(await e2e.page.getByRole('heading', { name: 'Tulevat tapahtumat' }).count()).toBe(1);
    const jsonLd = JSON.parse((await e2e.page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(jsonLd['@context']).toBe('https://schema.org');
    expect(jsonLd['@graph'][0]['@type']).toBe('Event');
    expect(jsonLd['@graph'][0].name).toBe(title);
  });

  it('switches language on the same page with the switcher', async () => {
    await visit('/fi');
    await e2e.page.getByRole('article').first().getByRole('link').click();
    await e2e.page.waitForURL(/\/fi\/offerings\//);
    const path = new URL(e2e.page.url()).pathname.replace('/fi/', '/en/');
    await e2e.page.getByRole('navigation', { name: 'Kieli' }).getByRole('link', { name: 'English' }).click();
    await e2e.page.waitForURL((url) => url.pathname === path);
    await expectNoAxeViolations(e2e.page);
    expect(await e2e.page.locator('html').getAttribute('lang')).toBe('en');
    expect(await e2e.page.getByRole('heading', { name: 'Upcoming occurrences' }).count()).toBe(1);
  });

  it('shows a helpful not-found page for an unknown offering', async () => {
    const response = await visit('/sv/offerings/01KAAAAAAAAAAAAAAAAAAAAAAA');
    expect(response?.status()).toBe(404);
    expect(await e2e.page.getByRole('heading', { level: 1 }).textContent()).toBe('Sidan hittades inte');
    expect(await e2e.page.getByRole('link', { name: 'Till startsidan' }).getAttribute('href')).toBe('/sv');
  });

  it('answers an unknown page inside a language in that language, with the header and switcher', async () => {
    const response = await visit('/sv/ingen-sådan-sida');
    expect(response?.status()).toBe(404);
    expect(await e2e.page.getByRole('heading', { level: 1 }).textContent()).toBe('Sidan hittades inte');
    expect(await e2e.page.getByText('Not Found').count()).toBe(0);
    expect(await e2e.page.getByRole('navigation', { name: 'Språk' }).getByRole('link').count()).toBe(3);
  });

  it('answers an unknown page outside the languages in the browser’s language', async () => {
    const response = await visit('/no-such-page');
    expect(response?.status()).toBe(404);
    expect(await e2e.page.locator('html').getAttribute('lang')).toBe('sv');
    expect(await e2e.page.getByRole('heading', { level: 1 }).textContent()).toBe('Sidan hittades inte');
  });

  it('lets a keyboard user skip straight to the content', async () => {
    await visit('/fi');
    await e2e.page.keyboard.press('Tab');
    const skip = e2e.page.getByRole('link', { name: 'Siirry sisältöön' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    await e2e.page.keyboard.press('Enter');
    expect(new URL(e2e.page.url()).hash).toBe('#main');
    expect(await e2e.page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('fits a 320-pixel-wide phone without sideways scrolling', async () => {
    await e2e.page.setViewportSize({ width: 320, height: 640 });
    await visit('/fi');
    const overflow = await e2e.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await e2e.page.getByRole('article').first().getByRole('link').click();
    await e2e.page.waitForURL(/offerings/);
    await expectNoAxeViolations(e2e.page);
    expect(await e2e.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await e2e.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('searches without JavaScript, because the form is a plain GET form', async () => {
    const noScript = await e2e.browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(`${e2e.runtime.webUrl}/en`);
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
