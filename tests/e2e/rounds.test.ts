import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addLocalDays, localDateOf } from '../../shared/time.ts';
import { signInAs } from '../setup/auth.ts';
import { passDeadline, putCohort, putExperience, putFamily } from '../setup/godchild.ts';
import { checkPage, expectReflowAt320, signInByMail, useRuntimeAndBrowser } from './browser.ts';

const e2e = useRuntimeAndBrowser({ webPort: 0, mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-rounds-')), port: 0 } });

const run = Date.now();
const adminEmail = `rounds-admin-${run}@city.example`;
const guardianEmail = `rounds-guardian-${run}@family.example`;

async function newPage(): Promise<Page> {
  return (await e2e.browser.newContext()).newPage();
}

describe('an allocation round in the browser', () => {
  it('the admin opens a round, a guardian states preferences, the admin previews and commits, the guardian accepts and is sent to the ticket', async () => {
    // Arrange: a cohort with one experience (4 places) and one family with a child.
    const cohort = await putCohort({ birthYear: 2019 });
    await putExperience({ cohortId: cohort.id, invite: 'child-and-one' }, [{ capacity: { unit: 'persons', total: 4 }, groupSize: { min: 1, max: 4 } }]);
    await putFamily(cohort, { email: guardianEmail, locale: 'en', children: [{ firstName: 'Aino' }] });
    await signInAs({ email: adminEmail, platformAdmin: true });
    const admin = await newPage();
    const guardian = await newPage();

    // The admin opens a round.
    await signInByMail(admin, e2e.runtime, `/en/admin/cohorts/${cohort.id}/rounds`, adminEmail);
    await admin.getByRole('heading', { level: 1, name: 'Allocation rounds: born in 2019' }).waitFor();
    await checkPage(admin);
    await expectReflowAt320(admin);
    await admin.getByLabel('Name of the round: Finnish').fill('Syksyn kierros');
    await admin.getByLabel('Name of the round: English').fill('Autumn round');
    await admin.getByLabel('Preferences deadline').fill(addLocalDays(localDateOf(new Date()), 2));
    await admin.getByRole('button', { name: 'Open the round' }).click();
    await admin.getByRole('status').filter({ hasText: 'The round was opened.' }).waitFor();
    await checkPage(admin);
    const roundUrl = new URL(admin.url());
    const roundId = roundUrl.pathname.split('/').at(-1)!;

    // The guardian states preferences.
    await signInByMail(guardian, e2e.runtime, '/en/family/rounds', guardianEmail);
    await checkPage(guardian);
    // The link's name says which round (the visually hidden part may read with a space before the colon).
    await guardian.getByRole('link', { name: /^State preferences\s*: Autumn round$/ }).click();
    await guardian.getByRole('heading', { level: 1, name: 'Preferences: Autumn round' }).waitFor();
    await checkPage(guardian);
    await expectReflowAt320(guardian);
    await guardian.getByRole('group', { name: 'Areas' }).getByLabel('Southern').check();
    await guardian.getByLabel('Morning (before 12)').check();
    await guardian.getByRole('button', { name: 'Save preferences' }).click();
    await guardian.getByRole('status').filter({ hasText: 'The preferences were saved.' }).waitFor();
    await checkPage(guardian);
    expect(await guardian.getByLabel('Southern').isChecked()).toBe(true);

    // After the deadline the admin previews and commits.
    await passDeadline(roundId);
    await admin.goto(`${e2e.runtime.webUrl}${roundUrl.pathname}`);
    await admin.getByRole('button', { name: 'Run a preview' }).click();
    await admin.getByRole('status').filter({ hasText: 'The preview is ready.' }).waitFor();
    await checkPage(admin);
    await expectReflowAt320(admin);
    expect(await admin.getByRole('main').textContent()).toContain('1 / 1 children (100%)');
    await admin.getByRole('link', { name: 'Commit and send the invitations' }).click();
    await admin.getByRole('heading', { name: 'Send the invitations?' }).waitFor();
    await checkPage(admin);
    await admin.getByRole('button', { name: 'Yes, send the invitations' }).click();
    await admin.getByRole('status').filter({ hasText: 'Invitations sent: 1 invitations, 0 of them as letters.' }).waitFor();
    await checkPage(admin);
    await admin.getByRole('link', { name: 'Letters to print for families without email' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Letters to print' }).waitFor();
    await checkPage(admin);

    // The guardian accepts and is sent on to the ticket.
    await guardian.goto(`${e2e.runtime.webUrl}/en/family/invitations`);
    const invitation = guardian.getByRole('article', { name: 'A Stone Age trip' });
    expect(await invitation.textContent()).toContain('Waiting for your answer');
    expect(await invitation.textContent()).toContain('Aino, 2 persons');
    await checkPage(guardian);
    await expectReflowAt320(guardian);
    await invitation.getByRole('button', { name: 'Accept the invitation' }).click();
    await guardian.getByRole('status').filter({ hasText: 'The invitation was accepted.' }).waitFor();
    await checkPage(guardian);
    const ticketLink = guardian.getByRole('link', { name: 'Open the ticket' });
    expect(await ticketLink.getAttribute('href')).toMatch(/^\/en\/family\/tickets\/[0-9A-Z]{26}$/);

    // The public page for a letter's code refuses an unknown code on its field.
    const visitor = await newPage();
    await visitor.goto(`${e2e.runtime.webUrl}/en/invitation`);
    await checkPage(visitor);
    await visitor.getByLabel('Invitation code').fill('ABCDEFGHJK');
    await visitor.getByRole('button', { name: 'Show the invitation' }).click();
    await visitor.getByRole('alert').waitFor();
    expect(await visitor.getByRole('alert').textContent()).toContain('No invitation has this code.');
    await checkPage(visitor);
    await expectReflowAt320(visitor);
  });
});
