import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoOfferings } from '../../infra/local/seed/demo-content.ts';
import { offeringDetail, offeringPage } from '../../shared/schemas/api.ts';
import { enrolmentAnswer } from '../../shared/schemas/enrolment.ts';
import { checkPage, openMail, useRuntimeAndBrowser } from './browser.ts';

const e2e = useRuntimeAndBrowser({ webPort: 0, mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-waitlist-')), port: 0 }, demoData: {} });

/** The City Museum's history tour: automatic approval, a waitlist, groups of 10–30. */
const tour = demoOfferings.find((o) => o.key === 'city-then-and-now')!;

/** An enrolment straight through the API, as another teacher's browser would send it. */
async function enrolByApi(offeringId: string, occurrenceId: string, persons: number, email: string) {
  const response = await fetch(`${e2e.runtime.apiUrl}/api/v1/offerings/${offeringId}/enrolments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      occurrenceIds: [occurrenceId],
      school: 'Töölön ala-aste',
      groupName: `5${persons}`,
      studyLevels: ['grade-5'],
      children: persons - 1,
      adults: 1,
      adultInCharge: { name: 'Ville Opettaja' },
      contact: { name: 'Ville Opettaja', email, phone: '040 765 4321' },
      locale: 'fi',
      consent: true,
    }),
  });
  expect(response.status).toBe(201);
  return enrolmentAnswer.parse(await response.json());
}

describe('the waitlist', () => {
  it('offers a seat freed by a cancellation to the waiting group by email, which accepts it on its own page', async () => {
    const { page, runtime } = e2e;
    // Arrange: one open time of the tour filled to the last seat, and a group of 10 waiting.
    const search = offeringPage.parse(await (await fetch(`${runtime.apiUrl}/api/v1/offerings?q=historiakierros`)).json());
    const offeringId = search.items.find((i) => i.title.fi === tour.title.fi)!.id;
    const detail = offeringDetail.parse(await (await fetch(`${runtime.apiUrl}/api/v1/offerings/${offeringId}`)).json());
    const time = detail.occurrences.find((o) => o.availability.status === 'open' && o.seatsFree >= 10 && o.seatsFree <= 30)!;
    expect(time).toBeDefined();
    const filler = await enrolByApi(offeringId, time.id, time.seatsFree, `tayttaja-${Date.now()}@koulu.example`);
    const waitingEmail = `jonottaja-${Date.now()}@koulu.example`;
    const waiting = await enrolByApi(offeringId, time.id, 10, waitingEmail);
    expect([filler.outcome, waiting.outcome, waiting.position]).toEqual(['booked', 'waitlisted', 1]);

    // The waiting group's own page shows its place.
    await page.goto(`${runtime.webUrl}/fi/enrolments/manage?token=${encodeURIComponent(waiting.manageToken)}`);
    await checkPage(page);
    expect(await page.getByRole('main').textContent()).toContain('Olette jonossa ensimmäisenä.');

    // Act: the group that filled the time cancels on its page.
    await page.goto(`${runtime.webUrl}/fi/enrolments/manage?token=${encodeURIComponent(filler.manageToken)}`);
    const cancel = page.getByRole('region', { name: 'Peru ilmoittautuminen' });
    await cancel.getByRole('link', { name: 'Peru ilmoittautuminen' }).click();
    await cancel.getByRole('button', { name: 'Kyllä, peru ilmoittautuminen' }).click();
    await page.getByRole('status').filter({ hasText: 'Ilmoittautuminen on peruttu.' }).waitFor();

    // Assert: the waiting group is emailed the offer; its link opens the page, where it accepts.
    const link = await openMail(page, runtime, waitingEmail, `Teille vapautui paikka: ${tour.title.fi}`);
    expect(link).toContain('/fi/enrolments/manage?token=');
    await page.goto(link!);
    await checkPage(page);
    const offer = page.getByRole('region', { name: 'Vapautunut paikka' });
    expect(await offer.textContent()).toMatch(/Paikka on varattu ryhmällesi .+ asti\./);
    await offer.getByRole('button', { name: 'Ota paikka vastaan' }).click();
    await page.getByRole('status').filter({ hasText: 'Otit paikan vastaan.' }).waitFor();
    await checkPage(page);
    expect(await page.getByRole('main').textContent()).toContain('Vahvistettu: paikat on varattu');
    await openMail(page, runtime, waitingEmail, `Ilmoittautuminen vahvistettu: ${tour.title.fi}`);
  });
});
