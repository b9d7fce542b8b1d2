import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoOfferings } from '../../infra/local/seed/demo-content.ts';
import { demoCategories, demoKeywords, demoOfferingTerms } from '../../infra/local/seed/demo-vocabularies.ts';
import { checkPage, expectReflowAt320, openMail, useRuntimeAndBrowser } from './browser.ts';

const e2e = useRuntimeAndBrowser({ webPort: 0, mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-enrolment-')), port: 0 }, demoData: {} });

/**
 * The City Museum's history tour: internal enrolment with automatic approval, open now (the
 * seed never delays its opening), closing 3 days before, 30 seats and groups of 10–30, most of
 * its times open. A group of 10 fits any time the page calls open.
 */
const tour = demoOfferings.find((o) => o.key === 'city-then-and-now')!;
const title = tour.title.fi;
const [categoryKeys = [], keywordKeys = []] = demoOfferingTerms['city-then-and-now'] ?? [];

/** The form of the time the test without JavaScript booked, and the address it booked with. */
let booked: { form: string; email: string } | undefined;

/** A teacher's own address, new for each run, so the mailbox shows this test's mail only. */
const teacherEmail = (name: string) => `${name}-${Date.now()}@koulu.example`;

/**
 * The search page, Finnish free text, the result, the offering's page; axe on each where it can
 * run (it needs the page's JavaScript: without it, the same pages are checked with it on).
 */
async function findTour(page: Page, axe = true) {
  const check = axe ? checkPage : async () => {};
  await page.goto(`${e2e.runtime.webUrl}/fi`);
  await check(page);
  await page.getByLabel('Hakusanat').fill('historiakierros');
  await page.getByRole('button', { name: 'Hae' }).click();
  await page.waitForURL((url) => url.searchParams.get('q') === 'historiakierros');
  await check(page);
  await page.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await check(page);
}

/** Fills the group's details (not the time, which the link chose). */
async function fillGroup(page: Page, email: string, sizes = { children: '9', adults: '1' }) {
  await page.getByLabel('Koulu tai päiväkoti').fill('Kallion ala-aste');
  await page.getByLabel('Ryhmän nimi').fill('4B');
  await page.getByRole('group', { name: 'Luokka-aste tai ikäryhmä' }).getByLabel('4. luokka').check();
  await page.getByLabel('Lapsia').fill(sizes.children);
  await page.getByLabel('Aikuisia').fill(sizes.adults);
  await page.getByLabel('Erityistarpeet ja saavutettavuus (vapaaehtoinen)').fill('Yksi pyörätuolipaikka');
  const adult = page.getByRole('group', { name: 'Vastuuaikuinen' });
  await adult.getByLabel('Nimi').fill('Outi Opettaja');
  await adult.getByLabel('Puhelinnumero (vapaaehtoinen)').fill('040 123 4567');
  const contact = page.getByRole('group', { name: 'Yhteyshenkilö' });
  await contact.getByLabel('Nimi').fill('Outi Opettaja');
  await contact.getByLabel('Sähköpostiosoite').fill(email);
  await contact.getByLabel('Puhelinnumero', { exact: true }).fill('040 123 4567');
  await page.getByLabel('Annan luvan välittää nämä tiedot').check();
}

describe('a teacher enrols a group', () => {
  it('finds the offering by Finnish free text, reads its rules, enrols, gets the mail, opens the link and cancels', async () => {
    const { page, runtime } = e2e;

    // Arrange: the offering page says what a teacher needs before enrolling.
    await findTour(page);
    const rules = page.getByRole('region', { name: 'Ilmoittautuminen' });
    const rulesText = await rules.textContent();
    expect(rulesText).toContain('Paikat vahvistuvat heti ilmoittautuessa.');
    expect(rulesText).toContain('Ilmoittautuminen päättyy 3 päivää ennen tapahtumaa.');
    expect(rulesText).toContain('Yhdellä ilmoittautumisella varataan yksi käynti.');
    expect(rulesText).toContain('Voit perua ilmoittautumisen itse, kunnes tapahtumaan on 2 päivää.');
    expect(rulesText).toContain('Kun tapahtuma on täynnä, voit ilmoittautua jonoon.');
    const facts = await page.locator('dl.facts').textContent();
    for (const key of categoryKeys) expect(facts).toContain(demoCategories[key].label.fi);
    for (const key of keywordKeys) expect(facts).toContain(demoKeywords[key].label.fi);

    // Act: the first time open for enrolment; the form names it and its group-size limits.
    const enrolLink = page.getByRole('link', { name: /^Ilmoittaudu – / }).first();
    const when = (await enrolLink.textContent())!.replace(/^Ilmoittaudu\s*–\s*/, '').trim();
    await enrolLink.click();
    await page.getByRole('heading', { level: 1, name: `Ilmoittautuminen: ${title}` }).waitFor();
    await checkPage(page);
    await expectReflowAt320(page);
    expect(await page.getByRole('region', { name: 'Aika' }).textContent()).toContain(when);
    expect(await page.getByRole('group', { name: 'Ryhmän koko' }).textContent()).toContain('Lapsia ja aikuisia yhteensä 10–30.');
    expect(await page.getByText('Älä kirjoita tähän terveystietoja').count()).toBe(1);
    expect(await page.getByRole('radio', { name: 'suomi' }).isChecked()).toBe(true);

    // Live: a group of nobody is pointed out as soon as the field is left.
    await page.getByLabel('Lapsia').fill('0');
    await page.getByLabel('Aikuisia').fill('0');
    await page.getByLabel('Koulu tai päiväkoti').focus();
    await page.getByText('Ryhmässä on oltava ainakin yksi lapsi tai aikuinen').waitFor();
    expect(await page.getByLabel('Lapsia').getAttribute('aria-invalid')).toBe('true');

    // Sent like that, the server says the same at the top and beside the field.
    await page.getByRole('button', { name: 'Lähetä ilmoittautuminen' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Korjaa nämä tiedot' });
    await summary.waitFor();
    await checkPage(page);
    await expectReflowAt320(page);
    expect(await summary.locator('a[href="#field-children"]').textContent()).toBe('Ryhmässä on oltava ainakin yksi lapsi tai aikuinen');

    const email = teacherEmail('outi');
    await fillGroup(page, email);
    await page.getByRole('button', { name: 'Lähetä ilmoittautuminen' }).click();

    // Assert: the answer is definite, and points to the enrolment's own page.
    await page.getByRole('heading', { level: 1, name: 'Paikat on varattu' }).waitFor();
    await checkPage(page);
    expect(await page.getByRole('main').textContent()).toContain(`Lähetimme vahvistuksen osoitteeseen ${email}`);
    const manageHref = await page.getByRole('link', { name: 'Avaa ilmoittautumisen oma sivu' }).getAttribute('href');
    expect(manageHref).toMatch(/^\/fi\/enrolments\/manage\?token=/);

    // The confirmation mail links to the same page.
    const link = await openMail(page, runtime, email, 'Ilmoittautuminen vahvistettu');
    expect(link).toBe(`${runtime.webUrl}${manageHref}`);
    await page.goto(link!);
    await page.getByRole('heading', { level: 1, name: `Ilmoittautuminen: ${title}` }).waitFor();
    await checkPage(page);
    await expectReflowAt320(page);
    const main = page.getByRole('main');
    expect(await main.textContent()).toContain('Tila: Vahvistettu: paikat on varattu');
    expect(await page.getByRole('region', { name: 'Ajat ja paikat' }).textContent()).toContain(when);
    expect(await page.getByRole('region', { name: 'Ilmoittautumisen tiedot' }).textContent()).toContain('9 lasta, 1 aikuinen');

    // Add to calendar: a .ics download of the booked time.
    const calendarHref = await page.getByRole('link', { name: 'Lisää kalenteriin (.ics)' }).getAttribute('href');
    const calendar = await page.request.get(`${runtime.webUrl}${calendarHref}`);
    expect(calendar.status()).toBe(200);
    expect(calendar.headers()['content-type']).toBe('text/calendar; charset=utf-8');
    expect(calendar.headers()['content-disposition']).toMatch(/^attachment/);
    const ics = (await calendar.text()).replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics).toContain(`SUMMARY:${title}`);

    // Cancel: a second step asks first, then it is done.
    const cancel = page.getByRole('region', { name: 'Peru ilmoittautuminen' });
    expect(await cancel.textContent()).toMatch(/Voit perua ilmoittautumisen .+ asti\./);
    await cancel.getByRole('link', { name: 'Peru ilmoittautuminen' }).click();
    await cancel.getByText('Haluatko varmasti perua ilmoittautumisen?').waitFor();
    await checkPage(page);
    await cancel.getByRole('button', { name: 'Kyllä, peru ilmoittautuminen' }).click();
    await page.getByRole('status').filter({ hasText: 'Ilmoittautuminen on peruttu.' }).waitFor();
    await checkPage(page);
    expect(await main.textContent()).toContain('Tila: Peruttu');
    expect(await main.textContent()).toContain('Perusit ilmoittautumisen.');
    expect(await page.getByRole('region', { name: 'Peru ilmoittautuminen' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Lisää kalenteriin (.ics)' }).count()).toBe(0);
    expect(await openMail(page, runtime, email, 'Ilmoittautuminen peruttu')).toBe(link);
  });

  it('re-shows the form with its messages and what was typed when JavaScript is off, then books once however often it is sent', async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      // Arrange: another open time of the same offering. (Axe needs the page's JavaScript; the first test checks these pages.)
      await findTour(page, false);
      await page.getByRole('link', { name: /^Ilmoittaudu – / }).nth(1).click();
      await page.getByRole('heading', { level: 1, name: `Ilmoittautuminen: ${title}` }).waitFor();
      const key = page.locator('input[name="idempotencyKey"]');
      const firstKey = await key.inputValue();
      expect(firstKey).toMatch(/^[0-9a-f-]{36}$/);

      // Act: nobody in the group and no school.
      const email = teacherEmail('sven');
      await fillGroup(page, email, { children: '0', adults: '0' });
      await page.getByLabel('Koulu tai päiväkoti').fill('');
      await page.getByRole('button', { name: 'Lähetä ilmoittautuminen' }).click();

      // Assert: every message at the top and beside its field; what was typed, and the key, kept.
      const summary = page.getByRole('alert').filter({ hasText: 'Korjaa nämä tiedot' });
      await summary.waitFor();
      await expectReflowAt320(page);
      expect(await summary.locator('a[href="#field-school"]').textContent()).toBe('Täytä tämä kenttä');
      expect(await summary.locator('a[href="#field-children"]').textContent()).toBe('Ryhmässä on oltava ainakin yksi lapsi tai aikuinen');
      expect(await page.getByLabel('Lapsia').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Lapsia').inputValue()).toBe('0');
      expect(await page.getByLabel('Ryhmän nimi').inputValue()).toBe('4B');
      expect(await page.getByLabel('Erityistarpeet ja saavutettavuus (vapaaehtoinen)').inputValue()).toBe('Yksi pyörätuolipaikka');
      expect(await page.getByRole('group', { name: 'Yhteyshenkilö' }).getByLabel('Sähköpostiosoite').inputValue()).toBe(email);
      expect(await page.getByLabel('Annan luvan välittää nämä tiedot').isChecked()).toBe(true);
      expect(await key.inputValue()).toBe(firstKey);

      // Fixed, the same form sent twice (a double click, a retry after a timeout) gives one answer.
      await page.getByLabel('Koulu tai päiväkoti').fill('Kallion ala-aste');
      await page.getByLabel('Lapsia').fill('9');
      await page.getByLabel('Aikuisia').fill('1');
      const action = page.url();
      const fields = Object.fromEntries(
        await page.locator('form[method="POST"] :is(input, textarea)').evaluateAll((controls) =>
          (controls as HTMLInputElement[])
            .filter((c) => c.name && (!['checkbox', 'radio'].includes(c.type) || c.checked))
            .map((c) => [c.name, c.value]),
        ),
      );
      expect(fields.idempotencyKey).toBe(firstKey);
      const send = () => page.request.post(action, { form: fields, maxRedirects: 0, headers: { origin: e2e.runtime.webUrl!, accept: 'text/html' } });
      const [first, again] = [await send(), await send()];
      expect(first.status()).toBe(303);
      expect(again.headers().location).toBe(first.headers().location);

      await page.getByRole('button', { name: 'Lähetä ilmoittautuminen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Paikat on varattu' }).waitFor();
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(first.headers().location);

      booked = { form: action, email };
    } finally {
      await context.close();
    }
  });

  it('refuses the same group in the same time again, with the worded reason at the top and the form as it was typed', async () => {
    // Arrange: the time the previous test booked, its form anew.
    const { page } = e2e;
    expect(booked, 'the previous test booked a time').toBeDefined();
    await page.goto(booked!.form);
    await checkPage(page);
    const key = page.locator('input[name="idempotencyKey"]');
    const firstKey = await key.inputValue();

    // Act
    await fillGroup(page, booked!.email);
    await page.getByRole('button', { name: 'Lähetä ilmoittautuminen' }).click();

    // Assert: a definite no, why, and everything still there to change and send again (with a new key).
    const refusal = page.getByRole('alert').filter({ hasText: 'Ilmoittautuminen ei onnistunut' });
    await refusal.waitFor();
    await checkPage(page);
    expect(await refusal.textContent()).toContain('Tämä ryhmä on jo ilmoittautunut tähän tapahtumaan');
    expect(await page.getByLabel('Ryhmän nimi').inputValue()).toBe('4B');
    expect(await page.getByRole('group', { name: 'Yhteyshenkilö' }).getByLabel('Sähköpostiosoite').inputValue()).toBe(booked!.email);
    expect(await key.inputValue()).not.toBe(firstKey);
  });

  it('explains a forged or expired link in the page’s language, with status 400', async () => {
    const { page, runtime } = e2e;
    const forged = await page.goto(`${runtime.webUrl}/fi/enrolments/manage?token=${'x'.repeat(40)}`);
    expect(forged?.status()).toBe(400);
    await page.getByRole('heading', { level: 1, name: 'Linkki ei toimi' }).waitFor();
    await checkPage(page);

    const missing = await page.goto(`${runtime.webUrl}/sv/enrolments/manage`);
    expect(missing?.status()).toBe(400);
    await page.getByRole('heading', { level: 1, name: 'Länken fungerar inte' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    await checkPage(page);
  });
});
