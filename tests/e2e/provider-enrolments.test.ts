import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { offeringDetail, offeringPage } from '../../shared/schemas/api.ts';
import type { EnrolmentRequest } from '../../shared/schemas/enrolment.ts';
import { formatDateTime, formatTimeRange } from '../../shared/time.ts';
import { checkPage, expectReflowAt320, hydrated, openMail, signInByMail, signInWords, useRuntimeAndBrowser } from './browser.ts';

const e2e = useRuntimeAndBrowser({ webPort: 0, mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-provider-enrolments-')), port: 0 }, demoData: {} });

/**
 * The City Museum's "Työläiskodin arkea" (infra/local/seed/demo-content.ts, key workers-home):
 * published, manual approval, waitlist on, 20 persons per occurrence, groups of 8–20, closing
 * 7 days before; the demo seed leaves it open with several empty future occurrences.
 */
const offeringTitle = 'Miten ennen asuttiin? Työläiskodin arkea 1900-luvun alussa';
const run = Date.now();
const teacher = { email: `opettaja.${run}@koulu.example`, group: `3B-${run}`, school: 'Kallion ala-aste' };
const phoned = { email: `puhelin.${run}@koulu.example`, group: `2A-${run}`, school: 'Käpylän peruskoulu' };
const approvalMessage = 'Tervetuloa museoon! Narikka on pihan puolella.';

let offeringId = '';
let occurrence = { id: '', start: '', end: '' };
/** The occurrence's enrolments page, as its link in the offering editor opens it. */
let enrolmentsUrl = '';

/** A link's name: its visible words, then a visually hidden ": which one" (Chromium may put a space before the hidden part). */
const named = (visible: string, which: string) => new RegExp(`^${visible}\\s*: ${which.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

async function apiJson(path: string, init?: RequestInit) {
  const response = await fetch(new URL(path, e2e.runtime.apiUrl), init);
  return { status: response.status, body: (await response.json()) as unknown };
}

/** The newest mail to `to` with `subject`, once the outbox has sent it: the mailbox page is reloaded for a few seconds. */
async function waitForMail(to: string, subject: string) {
  const { page, runtime } = e2e;
  for (let attempt = 0; attempt < 40; attempt++) {
    await page.goto(runtime.mailboxUrl!);
    if ((await page.getByRole('row').filter({ hasText: to }).filter({ hasText: subject }).count()) > 0) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`No mail "${subject}" to ${to}`);
}

beforeAll(async () => {
  // Arrange: the offering and its first open occurrence with no seats taken yet, read from the public API.
  const found = offeringPage.parse((await apiJson(`/api/v1/offerings?q=${encodeURIComponent('Työläiskodin')}`)).body);
  const card = found.items.find((item) => item.title.fi === offeringTitle);
  if (!card) throw new Error(`The demo offering "${offeringTitle}" was not found`);
  offeringId = card.id;
  const detail = offeringDetail.parse((await apiJson(`/api/v1/offerings/${offeringId}`)).body);
  expect(detail.enrolment.approval).toBe('manual');
  const open = detail.occurrences.find((o) => o.availability.status === 'open' && o.seatsFree === 20 && o.capacity.total === 20);
  if (!open) throw new Error('The demo offering has no open occurrence with all its 20 seats free');
  occurrence = { id: open.id, start: open.start, end: open.end };

  // A teacher sends a request, as the public enrolment form would.
  const request: EnrolmentRequest = {
    occurrenceIds: [occurrence.id],
    school: teacher.school,
    groupName: teacher.group,
    studyLevels: ['grade-3'],
    children: 10,
    adults: 2,
    specialNeeds: 'Yksi pyörätuolin käyttäjä',
    adultInCharge: { name: 'Liisa Opettaja', phone: '+358 40 123 4567' },
    contact: { name: 'Liisa Opettaja', email: teacher.email, phone: '+358 40 123 4567' },
    locale: 'fi',
    consent: true,
  };
  const answer = await apiJson(`/api/v1/offerings/${offeringId}/enrolments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-${run}` },
    body: JSON.stringify(request),
  });
  expect(answer.status).toBe(201);
  expect((answer.body as { outcome: string }).outcome).toBe('requested');

  await signInByMail(e2e.page, e2e.runtime, '/fi/provider', 'museo@tarjotin.example', signInWords.fi);
});

describe('a provider handles the enrolments of an offering', () => {
  it('opens an occurrence’s enrolments from the offering editor and sees the new request, how long it has waited, and its details', async () => {
    const { page, runtime } = e2e;
    await page.goto(`${runtime.webUrl}/fi/provider/offerings/${offeringId}`);
    await checkPage(page);
    const occurrences = page.getByRole('region', { name: 'Tapahtumat' });
    expect(await occurrences.getByRole('link', { name: 'Kaikki ilmoittautumiset' }).count()).toBe(1);
    await occurrences.getByRole('link', { name: named('Ilmoittautumiset', formatDateTime(occurrence.start, 'fi')) }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/enrolments') && url.searchParams.get('occurrence') === occurrence.id);
    await page.getByRole('heading', { level: 1, name: `Ilmoittautumiset: ${offeringTitle}` }).waitFor();
    await checkPage(page);
    await expectReflowAt320(page);

    const section = page.getByRole('region', { name: formatTimeRange(occurrence.start, occurrence.end, 'fi') });
    expect(await section.textContent()).toContain('Varattu 12/20 paikkaa');
    const row = section.getByRole('row').filter({ hasText: teacher.group });
    const text = await row.textContent();
    expect(text).toContain('Uusi');
    expect(text).toContain('Odottaa hyväksyntää');
    expect(text).toContain('alle tunnin');
    expect(text).toContain('Yksi pyörätuolin käyttäjä');
    expect(text).toContain('10 / 2');
    expect(text).toContain('Opettaja itse');

    // Shown once, it is no longer new.
    await page.reload();
    await hydrated(page);
    const again = await section.getByRole('row').filter({ hasText: teacher.group }).textContent();
    expect(again).not.toContain('Uusi');
    expect(again).toContain('Odottaa hyväksyntää');
    enrolmentsUrl = page.url();
  });

  it('asks for a selection before deciding, then approves the request with a message as a plain form post (no JavaScript)', async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    await context.addCookies(await e2e.context.cookies());
    const page = await context.newPage();
    await page.goto(enrolmentsUrl);
    const section = page.getByRole('region', { name: formatTimeRange(occurrence.start, occurrence.end, 'fi') });

    // Nothing ticked: the page comes back saying what to do, with the message kept.
    await section.getByLabel('Viesti opettajille (vapaaehtoinen)').fill(approvalMessage);
    await section.getByRole('button', { name: 'Hyväksy valitut' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Korjaa nämä tiedot' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Valitse ainakin yksi käsittelyä odottava ilmoittautuminen.');
    expect(await section.getByLabel('Viesti opettajille (vapaaehtoinen)').inputValue()).toBe(approvalMessage);
    expect(new URL(page.url()).searchParams.get('occurrence')).toBe(occurrence.id);

    await section.getByLabel(`Valitse ${teacher.group}, ${teacher.school}`).check();
    await section.getByRole('button', { name: 'Hyväksy valitut' }).click();
    await page.getByRole('status').filter({ hasText: 'Ilmoittautuminen on hyväksytty. Opettaja saa vahvistuksen sähköpostilla.' }).waitFor();
    const row = section.getByRole('row').filter({ hasText: teacher.group });
    const text = await row.textContent();
    expect(text).toContain('Vahvistettu');
    expect(text).toContain(`Viesti: ${approvalMessage}`);
    expect(await row.getByRole('checkbox').count()).toBe(0);
    await context.close();

    // The same pages with JavaScript, for axe (it cannot run where scripts are off).
    await e2e.page.goto(enrolmentsUrl);
    await checkPage(e2e.page);
  });

  it('downloads the enrolments as a CSV file for Excel: UTF-8 with a byte-order mark, semicolons, the request booked', async () => {
    const { page } = e2e;
    await page.goto(enrolmentsUrl);
    await checkPage(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Lataa ilmoittautumiset (CSV)' }).click()]);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.subarray(3).toString('utf8');
    const [heading, ...lines] = csv.split('\r\n');
    expect(heading!.split(';').slice(0, 4)).toEqual(['Tapahtuma', 'Tila', 'Koulu tai päiväkoti', 'Ryhmä']);
    const line = lines.find((l) => l.includes(teacher.group));
    expect(line?.split(';')).toEqual(expect.arrayContaining([formatDateTime(occurrence.start, 'fi'), 'Vahvistettu', teacher.school, teacher.email]));

    // Straight from the address, as a spreadsheet would fetch it: the API's file and type, not a page.
    const response = await page.request.get(new URL('export.csv', `${page.url().split('?')[0]}/`).toString());
    expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
    expect(response.headers()['cache-control']).toBe('private, no-store');
  });

  it('enrols a group for a teacher who phoned, shows the definite answer, records who entered it, and cancels it with a message', async () => {
    const { page } = e2e;
    const when = formatTimeRange(occurrence.start, occurrence.end, 'fi');
    await page.goto(enrolmentsUrl);
    await page.getByRole('region', { name: when }).getByRole('link', { name: named('Ilmoita ryhmä opettajan puolesta', when) }).click();
    await page.getByRole('heading', { level: 1, name: 'Ilmoita ryhmä opettajan puolesta' }).waitFor();
    await checkPage(page);
    expect(await page.getByRole('radio', { name: when }).isChecked()).toBe(true);
    expect(await page.getByText('Älä kirjoita tähän terveystietoja').count()).toBe(1);
    const key = await page.locator('input[name="idempotencyKey"]').inputValue();
    expect(key).toMatch(/^[0-9a-f-]{36}$/);

    // Without the teacher's consent nothing is sent; what was typed and the key stay.
    await page.getByLabel('Koulu tai päiväkoti').fill(phoned.school);
    await page.getByLabel('Ryhmän nimi').fill(phoned.group);
    await page.getByRole('group', { name: 'Luokka-aste tai ikäryhmä' }).getByLabel('2. luokka').check();
    await page.getByLabel('Lapsia', { exact: true }).fill('7');
    await page.getByLabel('Aikuisia', { exact: true }).fill('1');
    await page.getByRole('group', { name: 'Vastuuaikuinen' }).getByLabel('Nimi').fill('Pekka Puhelin');
    const contact = page.getByRole('group', { name: 'Yhteyshenkilö' });
    await contact.getByLabel('Nimi').fill('Pekka Puhelin');
    await contact.getByLabel('Sähköpostiosoite').fill(phoned.email);
    await contact.getByLabel('Puhelinnumero').fill('+358 50 765 4321');
    await page.getByRole('button', { name: 'Kirjaa ilmoittautuminen' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Korjaa nämä tiedot' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Hyväksy tietojen välittäminen järjestäjälle');
    expect(await page.getByLabel('Ryhmän nimi').inputValue()).toBe(phoned.group);
    expect(await page.locator('input[name="idempotencyKey"]').inputValue()).toBe(key);
    await checkPage(page);

    await page.getByLabel('Opettaja antoi puhelimessa luvan välittää nämä tiedot järjestäjälle').check();
    await page.getByRole('button', { name: 'Kirjaa ilmoittautuminen' }).click();
    await page.getByRole('status').filter({ hasText: 'Ryhmä on ilmoitettu, ja ilmoittautuminen odottaa hyväksyntää.' }).waitFor();
    await checkPage(page);
    const section = page.getByRole('region', { name: when });
    expect(await section.textContent()).toContain('Varattu 20/20 paikkaa');
    const row = section.getByRole('row').filter({ hasText: phoned.group });
    const entered = await row.textContent();
    expect(entered).toContain('Odottaa hyväksyntää');
    expect(entered).toContain('Sinä');
    expect(entered).not.toContain('Opettaja itse');

    // Cancel it on its confirmation page, with a message to the teacher.
    await row.getByRole('link', { name: named('Peru', `${phoned.group}, ${phoned.school}`) }).click();
    await page.getByRole('heading', { level: 1, name: `Peru ilmoittautuminen: ${phoned.group}, ${phoned.school}` }).waitFor();
    await checkPage(page);
    await page.getByLabel('Viesti opettajalle (vapaaehtoinen)').fill('Ryhmä siirtyy kevääseen.');
    await page.getByRole('button', { name: 'Peru ilmoittautuminen' }).click();
    await page.getByRole('status').filter({ hasText: 'Ilmoittautuminen on peruttu.' }).waitFor();
    expect(new URL(page.url()).searchParams.get('occurrence')).toBe(occurrence.id);
    const cancelled = await section.getByRole('row').filter({ hasText: phoned.group }).textContent();
    expect(cancelled).toContain('Peruttu');
    expect(cancelled).toContain('Viesti: Ryhmä siirtyy kevääseen.');
    expect(await section.textContent()).toContain('Varattu 12/20 paikkaa');
  });

  it('mails the teacher the approval with the provider’s message', async () => {
    const { page, runtime } = e2e;
    const subject = `Ilmoittautuminen hyväksytty: ${offeringTitle}`;
    await waitForMail(teacher.email, subject);
    await openMail(page, runtime, teacher.email, subject);
    expect(await page.frameLocator('iframe[title="The message as HTML"]').locator('body').textContent()).toContain(approvalMessage);
  });
});
