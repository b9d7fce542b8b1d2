import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signInAs } from '../setup/auth.ts';
import { helsinkiTime } from '../setup/providers.ts';
import { putCohort, putExperience, putFamily } from '../setup/godchild.ts';
import { checkPage, expectReflowAt320, signInByMail, useRuntimeAndBrowser } from './browser.ts';

const e2e = useRuntimeAndBrowser({ webPort: 0, mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-godchild-pages-')), port: 0 } });

const run = Date.now();
const guardianEmail = `experiences-guardian-${run}@family.example`;
const adminEmail = `messages-admin-${run}@city.example`;
let cohortId: string;

const seats = (start: string, end: string) => ({ start, end, capacity: { unit: 'persons' as const, total: 10 }, groupSize: { min: 1, max: 10 } });

describe('first-come enrolment and cohort messages in the browser', () => {
  it('enrols a child first come and lands on the ticket; a second enrolment over the yearly limit is refused with its reason', async () => {
    // Arrange: a cohort allowing one experience a year, an experience with two times tomorrow, a family with Aino.
    const cohort = await putCohort({ yearlyLimit: 1 });
    cohortId = cohort.id;
    await putExperience({ cohortId, invite: 'child-and-up-to-two' }, [seats(helsinkiTime(1, 10), helsinkiTime(1, 11)), seats(helsinkiTime(1, 14), helsinkiTime(1, 15))]);
    await putFamily(cohort, { guardianEmail, locale: 'en' });
    const { page, runtime } = e2e;
    await signInByMail(page, runtime, '/en/family/experiences', guardianEmail);
    await page.getByRole('heading', { level: 1, name: 'Experiences' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('Aino: 0 of 1 experiences used this year');
    expect(await page.getByRole('main').textContent()).toContain('Free seats can be taken now.');
    await checkPage(page);
    await expectReflowAt320(page);
    const forms = page.getByRole('form', { name: /^Enrol: A Stone Age trip, / });
    expect(await forms.count()).toBe(2);

    // Act: Aino and two adults at the first time.
    await forms.first().getByLabel('Aino').check();
    await forms.first().getByLabel('Two adults').check();
    await forms.first().getByRole('button', { name: 'Enrol' }).click();

    // Assert: the new ticket, for three persons, with word that the enrolment went through.
    await page.getByRole('heading', { level: 1, name: 'Ticket: A Stone Age trip' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'You are enrolled. The ticket is on your tickets page and in your email.' }).waitFor();
    expect(new URL(page.url()).searchParams.get('done')).toBe('enrolled');
    expect(new URL(page.url()).pathname).toMatch(/^\/en\/family\/tickets\/[0-9A-Z]{26}$/);
    expect(await page.getByText('Aino · 3 persons').count()).toBe(1);

    // Act: Aino again at the second time, her one experience of the year already taken.
    await page.goto(`${runtime.webUrl}/en/family/experiences`);
    await forms.nth(1).getByLabel('Aino').check();
    await forms.nth(1).getByRole('button', { name: 'Enrol' }).click();

    // Assert: the refusal in plain words, the form shown again as it was sent.
    const alert = page.getByRole('alert');
    await alert.getByText("A child's experiences for this year are used up.").waitFor();
    expect(await alert.getByRole('heading').textContent()).toBe('The enrolment did not go through');
    expect(await forms.nth(1).getByLabel('Aino').isChecked()).toBe(true);
    await checkPage(page);
    await expectReflowAt320(page);
  });

  it('lets the admin count the recipients of a message, then send it, and the family finds it in its mail', async () => {
    // Arrange: the family above holds a valid ticket of the cohort, so it is of the audience 'enrolled'.
    await signInAs({ email: adminEmail, platformAdmin: true });
    const admin = await (await e2e.browser.newContext()).newPage();
    await signInByMail(admin, e2e.runtime, `/en/admin/cohorts/${cohortId}`, adminEmail);
    await admin.getByRole('link', { name: 'Message to the families' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Message to the families of children born in 2019' }).waitFor();
    await checkPage(admin);
    await expectReflowAt320(admin);
    const subject = admin.getByRole('group', { name: 'Subject', exact: true }).getByLabel('In English');
    const body = admin.getByRole('group', { name: 'Message', exact: true }).getByLabel('In English');

    // Act and assert: counting with no audience chosen says so on the field.
    await admin.getByRole('button', { name: 'Count the recipients' }).click();
    await admin.getByRole('alert').getByRole('link', { name: 'This is required' }).waitFor();
    await checkPage(admin);

    // Act: the audience, essential, the texts; count.
    await admin.getByLabel('Families with a valid ticket').check();
    await admin.getByLabel('Essential: to every family of the audience').check();
    await subject.fill(`A changed time ${run}`);
    await body.fill('The tour starts half an hour later.');
    await admin.getByRole('button', { name: 'Count the recipients' }).click();

    // Assert: the count, the form filled as it was, and now a Send button.
    await admin.getByRole('status').filter({ hasText: 'One family will get the message by email.' }).waitFor();
    expect(await subject.inputValue()).toBe(`A changed time ${run}`);
    expect(await admin.getByLabel('Families with a valid ticket').isChecked()).toBe(true);
    await checkPage(admin);
    await expectReflowAt320(admin);

    // Act: send.
    await admin.getByRole('button', { name: 'Send the message' }).click();

    // Assert: sent to the one family, and in its mailbox.
    await admin.getByRole('status').filter({ hasText: 'The message was sent to one family.' }).waitFor();
    await checkPage(admin);
    // As openMail does, without its link: this message has none to follow.
    await admin.goto(e2e.runtime.mailboxUrl!);
    await admin.getByRole('row').filter({ hasText: guardianEmail }).filter({ hasText: `A changed time ${run}` }).first().getByRole('link').click();
    await checkPage(admin);
    await admin.frameLocator('iframe[title="The message as HTML"]').getByText('The tour starts half an hour later.').waitFor();
  });
});
