import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { db, tableName } from '../../functions/db/client.ts';
import { occurrenceKey } from '../../functions/db/offering.ts';
import { addLocalDays, localDateOf } from '../../shared/time.ts';
import { signInAs } from '../setup/auth.ts';
import { passDeadline, putCohort, putExperience } from '../setup/godchild.ts';
import { checkPage, expectReflowAt320, openMail, signInByMail, useRuntimeAndBrowser } from './browser.ts';

/**
 * The culture-godchild module from end to end, each person in a browser of their own: a guardian
 * registers a child and states preferences, the admin previews and commits the round, the
 * guardian accepts and opens the ticket, door staff check it. axe runs on every page visited.
 */
const e2e = useRuntimeAndBrowser({ webPort: 0, mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-journey-')), port: 0 } });

const run = Date.now();
const adminEmail = `journey-admin-${run}@city.example`;
const guardianEmail = `journey-guardian-${run}@family.example`;
const doorEmail = `journey-door-${run}@museum.example`;

async function newPage(): Promise<Page> {
  return (await e2e.browser.newContext()).newPage();
}

describe('culture godchildren from registration to the door', () => {
  it('registers, states preferences, allocates, accepts, shows the ticket and lets it in once', async () => {
    // Arrange: the 2017 cohort with one experience that has room for two families.
    const cohort = await putCohort({ birthYear: 2017, postalCodes: ['00'] });
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id, invite: 'child-and-one' }, [
      { start: new Date(Date.now() + 3 * 3600_000).toISOString(), end: new Date(Date.now() + 4 * 3600_000).toISOString(), capacity: { unit: 'persons', total: 4 }, groupSize: { min: 1, max: 4 } },
    ]);
    const occurrence = occurrences[0]!;
    await signInAs({ email: adminEmail, platformAdmin: true });
    await signInAs({ email: doorEmail, memberships: [{ organisationId: offering.organisationId, role: 'door-staff' }] });
    const guardian = await newPage();
    const admin = await newPage();
    const door = await newPage();

    // The guardian registers a child.
    await signInByMail(guardian, e2e.runtime, '/en/family', guardianEmail);
    await checkPage(guardian);
    await guardian.getByRole('link', { name: 'Register a child' }).click();
    await guardian.getByRole('heading', { level: 1, name: 'Register a child' }).waitFor();
    await checkPage(guardian);
    await guardian.getByLabel('Year of birth').selectOption('2017');
    await guardian.getByLabel('Postal code').fill('00530');
    await guardian.getByRole('group', { name: 'Languages spoken at home' }).getByLabel('Finnish').check();
    await guardian.getByLabel('First name (optional)').fill('Helmi');
    await guardian.getByRole('button', { name: 'Register the child' }).click();
    await guardian.getByRole('status').filter({ hasText: 'The child has been registered.' }).waitFor();
    await checkPage(guardian);

    // The admin opens a round for the cohort.
    await signInByMail(admin, e2e.runtime, `/en/admin/cohorts/${cohort.id}/rounds`, adminEmail);
    await checkPage(admin);
    await admin.getByLabel('Name of the round: English').fill('Spring round');
    await admin.getByLabel('Preferences deadline').fill(addLocalDays(localDateOf(new Date()), 2));
    await admin.getByRole('button', { name: 'Open the round' }).click();
    await admin.getByRole('status').filter({ hasText: 'The round was opened.' }).waitFor();
    await checkPage(admin);
    const roundPath = new URL(admin.url()).pathname;

    // The guardian states preferences.
    await guardian.goto(`${e2e.runtime.webUrl}/en/family/rounds`);
    await checkPage(guardian);
    await guardian.getByRole('link', { name: /^State preferences\s*: Spring round$/ }).click();
    await guardian.getByRole('heading', { level: 1, name: 'Preferences: Spring round' }).waitFor();
    await guardian.getByRole('group', { name: 'Areas' }).getByLabel('Southern').check();
    await guardian.getByRole('button', { name: 'Save preferences' }).click();
    await guardian.getByRole('status').filter({ hasText: 'The preferences were saved.' }).waitFor();
    await checkPage(guardian);

    // After the deadline the admin previews, reads the figures and commits.
    await passDeadline(roundPath.split('/').at(-1)!);
    await admin.goto(`${e2e.runtime.webUrl}${roundPath}`);
    await admin.getByRole('button', { name: 'Run a preview' }).click();
    await admin.getByRole('status').filter({ hasText: 'The preview is ready.' }).waitFor();
    await checkPage(admin);
    expect(await admin.getByRole('main').textContent()).toContain('1 / 1 children (100%)');
    await admin.getByRole('link', { name: 'Commit and send the invitations' }).click();
    await admin.getByRole('button', { name: 'Yes, send the invitations' }).click();
    await admin.getByRole('status').filter({ hasText: 'Invitations sent: 1 invitations, 0 of them as letters.' }).waitFor();
    await checkPage(admin);

    // The invitation is emailed; the guardian accepts it on the family's page and opens the ticket.
    expect(await openMail(guardian, e2e.runtime, guardianEmail)).toBeTruthy();
    await guardian.goto(`${e2e.runtime.webUrl}/en/family/invitations`);
    const invitation = guardian.getByRole('article', { name: offering.title.en ?? 'A Stone Age trip' });
    await checkPage(guardian);
    await invitation.getByRole('button', { name: 'Accept the invitation' }).click();
    await guardian.getByRole('status').filter({ hasText: 'The invitation was accepted.' }).waitFor();
    await checkPage(guardian);
    await guardian.getByRole('link', { name: 'Open the ticket' }).click();
    await guardian.getByRole('heading', { level: 1, name: /^Ticket: / }).waitFor();
    await checkPage(guardian);
    await expectReflowAt320(guardian);
    expect(await guardian.getByRole('img', { name: /^QR code of the ticket/ }).locator('svg').count()).toBe(1);
    const code = (await guardian.locator('code').textContent())!.trim();

    // The experience begins now (moved to today, whatever the time of day the test runs at), and door staff check the code twice.
    const now = new Date();
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: occurrenceKey(offering.id, occurrence.id),
        UpdateExpression: 'SET #start = :start, #end = :end',
        ExpressionAttributeNames: { '#start': 'start', '#end': 'end' },
        ExpressionAttributeValues: { ':start': now.toISOString(), ':end': new Date(now.getTime() + 3600_000).toISOString() },
      }),
    );
    await signInByMail(door, e2e.runtime, '/en/door', doorEmail);
    await checkPage(door);
    await door.getByLabel('Ticket code').fill(code);
    await door.getByRole('button', { name: 'Check the ticket' }).click();
    await door.getByRole('status').getByText('Valid: welcome!').waitFor();
    await checkPage(door);
    await door.getByLabel('Ticket code').fill(code);
    await door.getByRole('button', { name: 'Check the ticket' }).click();
    await door.getByRole('status').getByText(/^Already used at \d\d:\d\d$/).waitFor();
    await checkPage(door);

    // The family's ticket page now says it was used.
    await guardian.reload();
    await checkPage(guardian);
    expect(await guardian.getByRole('main').textContent()).toMatch(/used/i);
  });
});
