import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addLocalDays, localDateOf } from '../../shared/time.ts';
import { tinyPng } from '../setup/images.ts';
import { expectNoAxeViolations, expectReflowAt320, signInByMail, signInWords, useRuntimeAndBrowser } from './browser.ts';

const e2e = useRuntimeAndBrowser({ webPort: 0, mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-publish-')), port: 0 }, demoData: {} });

/** A title no demo offering has, in a language (Estonian) no demo offering is held in, so search finds just this one. */
const title = `Viron kielen museoseikkailu ${Date.now()}`;
const tooLong = 'Museon aarteet tutuiksi leikin ja tarinoiden avulla. '.repeat(4).slice(0, 161);
let museumId = '';
/** The editor of the offering the first test publishes; the last test goes on with it. */
let editorUrl = '';

beforeAll(async () => {
  // The provider's way in: My organisations, then the museum.
  const { page, runtime } = e2e;
  await signInByMail(page, runtime, '/fi/provider', 'museo@tarjotin.example', signInWords.fi);
  await page.getByRole('heading', { level: 1, name: 'Omat organisaatiot' }).waitFor();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Kaupunginmuseo' }).click();
  await page.waitForURL(/\/fi\/provider\/organisations\/[0-9A-Z]{26}$/);
  museumId = new URL(page.url()).pathname.split('/').at(-1)!;
});

describe('a provider publishes an offering', () => {
  it('creates it (after fixing what the form points out), adds an image and a weekly series, publishes it and finds it in search', async () => {
    const { page, runtime } = e2e;

    // Arrange: the museum's offerings, and a new one.
    await page.getByRole('link', { name: 'Organisaation tarjonta' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisaation Kaupunginmuseo tarjonta' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Uusi tarjonta' }).click();
    await page.getByRole('heading', { level: 1, name: 'Uusi tarjonta' }).waitFor();
    await expectNoAxeViolations(page);

    // The texts are in language tabs, moved between with the arrow keys.
    const finnish = page.getByRole('tabpanel', { name: 'Suomi' });
    await page.getByRole('tab', { name: 'Suomi' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Ruotsi' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tab', { name: 'Ruotsi' }).evaluate((tab) => tab === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('tab', { name: 'Suomi' }).getAttribute('aria-selected')).toBe('true');

    // Live: a 161-character short description is counted and refused as soon as the field is left.
    const shortDescription = finnish.getByLabel('Lyhyt kuvaus');
    await shortDescription.fill(tooLong);
    expect(await finnish.getByText('1 merkki liikaa').count()).toBe(1);
    await shortDescription.blur();
    await finnish.getByText('Kirjoita enintään 160 merkkiä').waitFor();
    expect(await shortDescription.getAttribute('aria-invalid')).toBe('true');

    // Act: send it without a title; the server shows every message at the top and at each field.
    await page.getByRole('button', { name: 'Tallenna luonnoksena' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Korjaa nämä tiedot' });
    await summary.waitFor();
    await expectNoAxeViolations(page);
    await expectReflowAt320(page);
    const titleLink = summary.locator('a[href="#field-title-fi"]');
    expect(await titleLink.textContent()).toBe('Täytä teksti vähintään yhdellä kielellä');
    expect(await summary.locator('a[href="#field-shortDescription-fi"]').textContent()).toBe('Kirjoita enintään 160 merkkiä');
    expect(await finnish.getByLabel('Nimi', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await finnish.getByLabel('Lyhyt kuvaus').inputValue()).toBe(tooLong);
    await titleLink.click();
    expect(await finnish.getByLabel('Nimi', { exact: true }).evaluate((input) => input === document.activeElement)).toBe(true);

    // Fix and fill everything else, with an image and its alt text.
    await finnish.getByLabel('Nimi', { exact: true }).fill(title);
    await finnish.getByLabel('Lyhyt kuvaus').fill('Tutustutaan museon aarteisiin viroksi ja suomeksi.');
    await finnish.getByLabel('Kuvaus', { exact: true }).fill('Opastettu kierros koululaisille.\n\nKesto noin 45 minuuttia.');
    await page.getByLabel('Kuvatiedosto').setInputFiles({ name: 'punainen.png', mimeType: 'image/png', buffer: tinyPng() });
    await page.getByLabel('Kuvan tekstivastine suomeksi').fill('Punainen neliö');
    await page.getByRole('group', { name: 'Luokka-asteet ja ikäryhmät' }).getByLabel('3. luokka').check();
    const languages = page.getByRole('group', { name: 'Tapahtumien kielet' });
    await languages.getByLabel('suomi', { exact: true }).check();
    await languages.getByLabel('viro', { exact: true }).check();
    await page.getByLabel('Kesto minuutteina').fill('45');
    await page.getByRole('group', { name: 'Paikka', exact: true }).getByRole('radio').first().check();
    await page.getByRole('group', { name: 'Yhteyshenkilö' }).getByLabel('Nimi').fill('Maija Museo');
    await page.getByRole('button', { name: 'Tallenna luonnoksena' }).click();

    await page.getByRole('status').filter({ hasText: 'Luonnos on tallennettu.' }).waitFor();
    await expectNoAxeViolations(page);
    editorUrl = page.url().replace(/\?.*$/, '');
    expect(editorUrl).toMatch(/\/fi\/provider\/offerings\/[0-9A-Z]{26}$/);
    expect(await page.getByRole('img', { name: 'Punainen neliö' }).count()).toBe(1);
    const publication = page.getByRole('region', { name: 'Julkaisu' });
    expect(await publication.textContent()).toContain('Luonnos');

    // Publishing without an occurrence is refused, and says why.
    await page.getByRole('button', { name: 'Julkaise' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Julkaiseminen ei onnistunut' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('vähintään yhden tulevan tapahtuman');
    await expectNoAxeViolations(page);

    // A weekly series of five, from a week ahead (Helsinki dates).
    await page.getByRole('link', { name: 'Lisää tapahtuma' }).click();
    await page.getByRole('heading', { level: 1, name: 'Uusi tapahtuma' }).waitFor();
    await expectNoAxeViolations(page);
    const first = addLocalDays(localDateOf(new Date()), 7);
    await page.getByLabel('Päivä', { exact: true }).fill(first);
    await page.getByLabel('Alkamisaika').fill('09:00');
    await page.getByLabel('Päättymisaika').fill('10:30');
    await page.getByLabel('Paikkojen määrä').fill('25');
    await page.getByLabel('Enintään').fill('25');
    await page.getByLabel('Joka viikko samaan aikaan').check();
    await page.getByLabel('Toiston viimeinen päivä').fill(addLocalDays(first, 28));
    await page.getByRole('button', { name: 'Lisää tapahtumat' }).click();

    await page.getByRole('status').filter({ hasText: '5 tapahtumaa on lisätty.' }).waitFor();
    await expectNoAxeViolations(page);
    const occurrences = page.getByRole('region', { name: 'Tapahtumat' }).getByRole('row');
    expect(await occurrences.count()).toBe(6);
    expect(await occurrences.nth(1).getByRole('cell').first().textContent()).toBe('10.30');
    await expectReflowAt320(page);

    // Now it publishes.
    await page.getByRole('button', { name: 'Julkaise' }).click();
    await page.getByRole('status').filter({ hasText: 'Tarjonta on julkaistu.' }).waitFor();
    expect(await publication.textContent()).toContain('Julkaistu');
    await expectNoAxeViolations(page);

    // The preview: the public page's content, marked as a preview.
    await page.getByRole('link', { name: 'Esikatsele' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await page.getByRole('note').textContent()).toContain('Esikatselu: näin opettajat näkevät tarjonnan.');
    await expectNoAxeViolations(page);

    // Search shows it within about a second: reload until it does, a few seconds at most.
    await page.goto(`${runtime.webUrl}/fi?language=et`);
    const result = page.getByRole('link', { name: title });
    for (let attempt = 0; attempt < 20 && (await result.count()) === 0; attempt++) {
      await new Promise((done) => setTimeout(done, 250));
      await page.reload();
    }
    expect(await result.count()).toBe(1);
    await expectNoAxeViolations(page);
    await result.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await page.getByRole('img', { name: 'Punainen neliö' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Tulevat tapahtumat' }).getByRole('listitem').count()).toBe(5);
    await expectNoAxeViolations(page);
  });

  it('re-shows the offering form with its messages and what was typed when JavaScript is off', async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    await context.addCookies(await e2e.context.cookies());
    const page = await context.newPage();
    await page.goto(`${e2e.runtime.webUrl}/fi/provider/offerings/new?organisation=${museumId}`);

    // Without JavaScript there are no tabs: the three languages are fieldsets one after another.
    expect(await page.getByRole('tab').count()).toBe(0);
    const swedish = page.getByRole('group', { name: 'Tekstit ruotsiksi' });
    expect(await swedish.getByLabel('Nimi').count()).toBe(1);

    const finnish = page.getByRole('group', { name: 'Tekstit suomeksi' });
    await finnish.getByLabel('Lyhyt kuvaus').fill(tooLong);
    await page.getByLabel('Kesto minuutteina').fill('noin tunti');
    await page.getByRole('button', { name: 'Tallenna luonnoksena' }).click();

    const summary = page.getByRole('alert').filter({ hasText: 'Korjaa nämä tiedot' });
    await summary.waitFor();
    const text = await summary.textContent();
    expect(text).toContain('Täytä teksti vähintään yhdellä kielellä');
    expect(text).toContain('Kirjoita enintään 160 merkkiä');
    expect(text).toContain('Anna luku');
    expect(await page.getByLabel('Kesto minuutteina').inputValue()).toBe('noin tunti');
    expect(await page.getByLabel('Kesto minuutteina').getAttribute('aria-invalid')).toBe('true');
    expect(await finnish.getByLabel('Lyhyt kuvaus').inputValue()).toBe(tooLong);
    expect(await page.getByRole('group', { name: 'Yhteyshenkilö' }).getByLabel('Sähköpostiosoite').inputValue()).toBe('museo@tarjotin.example');
    await context.close();
  });

  it('edits and cancels an occurrence, copies the previous one a week later, and explains when someone else saved first', async () => {
    const { page } = e2e;
    const first = addLocalDays(localDateOf(new Date()), 7);

    // Edit the last occurrence: more seats.
    await page.goto(editorUrl);
    await page.getByRole('link', { name: /^Muokkaa\s*: / }).last().click();
    await page.getByRole('heading', { level: 1, name: /^Muokkaa tapahtumaa: / }).waitFor();
    await expectNoAxeViolations(page);
    expect(await page.getByLabel('Alkamisaika').inputValue()).toBe('09:00');
    await page.getByLabel('Paikkojen määrä').fill('30');
    await page.getByRole('button', { name: 'Tallenna tapahtuma' }).click();
    await page.getByRole('status').filter({ hasText: 'Tapahtuman muutokset on tallennettu.' }).waitFor();
    const rows = page.getByRole('region', { name: 'Tapahtumat' }).getByRole('row');
    expect(await rows.last().textContent()).toContain('30 henkilöä');

    // Cancel it: a reason is needed in at least one language.
    await page.getByRole('link', { name: /^Muokkaa\s*: / }).last().click();
    await page.getByRole('button', { name: 'Peru tapahtuma' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Korjaa nämä tiedot' });
    await summary.waitFor();
    expect(await summary.locator('a[href="#field-reason-fi"]').textContent()).toBe('Täytä teksti vähintään yhdellä kielellä');
    await expectNoAxeViolations(page);
    await page.getByLabel('Syy suomeksi').fill('Museo on suljettu remontin vuoksi.');
    await page.getByRole('button', { name: 'Peru tapahtuma' }).click();
    await page.getByRole('status').filter({ hasText: 'Tapahtuma on peruttu.' }).waitFor();
    expect(await rows.last().textContent()).toContain('Peruttu');

    // Copy the previous: the latest occurrence not cancelled, one week later.
    await page.getByRole('link', { name: 'Kopioi edellinen tapahtuma viikkoa myöhemmäksi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Uusi tapahtuma' }).waitFor();
    await expectNoAxeViolations(page);
    expect(await page.getByRole('status').textContent()).toContain('Tiedot on kopioitu tapahtumasta');
    expect(await page.getByLabel('Päivä', { exact: true }).inputValue()).toBe(addLocalDays(first, 28));
    expect(await page.getByLabel('Paikkojen määrä').inputValue()).toBe('25');
    await page.getByRole('button', { name: 'Lisää tapahtumat' }).click();
    await page.getByRole('status').filter({ hasText: 'Tapahtuma on lisätty.' }).waitFor();
    expect(await rows.count()).toBe(7);

    // Two people edit at once: the second save is refused with a way to see the other's changes.
    const other = await e2e.context.newPage();
    await other.goto(editorUrl);
    await page.goto(editorUrl);
    await other.getByRole('tabpanel', { name: 'Suomi' }).getByLabel('Lyhyt kuvaus').fill('Toisen tekemä muutos.');
    await other.getByRole('button', { name: 'Tallenna', exact: true }).click();
    await other.getByRole('status').filter({ hasText: 'Muutokset on tallennettu.' }).waitFor();
    await other.close();
    await page.getByRole('tabpanel', { name: 'Suomi' }).getByLabel('Lyhyt kuvaus').fill('Oma muutokseni.');
    await page.getByRole('button', { name: 'Tallenna', exact: true }).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'Joku muu tallensi tämän välillä' });
    await conflict.waitFor();
    await expectNoAxeViolations(page);
    expect(await page.getByRole('tabpanel', { name: 'Suomi' }).getByLabel('Lyhyt kuvaus').inputValue()).toBe('Oma muutokseni.');
    await conflict.getByRole('link', { name: 'Lataa uusin versio' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Muokkaa tarjontaa: ${title}`) }).waitFor();
    expect(await page.getByRole('tabpanel', { name: 'Suomi' }).getByLabel('Lyhyt kuvaus').inputValue()).toBe('Toisen tekemä muutos.');
  });
});
