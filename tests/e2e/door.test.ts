import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getOccurrence, getOffering } from '../../functions/db/offering.ts';
import { ticketCodeOf } from '../../functions/domain/ticket-code.ts';
import type { Ticket } from '../../shared/schemas/godchild.ts';
import { signInAs } from '../setup/auth.ts';
import { helsinkiTime } from '../setup/providers.ts';
import { putCohort, putExperience, putFamily, putTicket } from '../setup/godchild.ts';
import { checkPage, expectReflowAt320, signInByMail, useRuntimeAndBrowser } from './browser.ts';

const e2e = useRuntimeAndBrowser({ webPort: 0, mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-door-')), port: 0 } });

const run = Date.now();
const guardianEmail = `guardian-${run}@family.example`;
const doorEmail = `door-${run}@museum.example`;
let ticket: Ticket;
let organisationId: string;

describe('a ticket from the family page to the door', () => {
  it('shows the guardian the ticket with its QR code and code, on a page axe finds nothing on', async () => {
    // Arrange: a family with a ticket for today's occurrence (the invitation that gave it is tested elsewhere).
    const cohort = await putCohort();
    const { offering, occurrences } = await putExperience({ cohortId: cohort.id }, [{ start: helsinkiTime(0, 23, 30), end: helsinkiTime(0, 23, 59) }]);
    organisationId = offering.organisationId;
    const { family, children } = await putFamily(cohort, { guardianEmail });
    ticket = await putTicket({ offering, occurrence: occurrences[0]! }, { familyId: family.id, childIds: [children[0]!.id], persons: 2 });
    const { page, runtime } = e2e;
    // Act
    await signInByMail(page, runtime, '/en/family/tickets', guardianEmail);
    await checkPage(page);
    await expectReflowAt320(page);
    await page.getByRole('link', { name: 'Show the ticket: A Stone Age trip' }).click();
    // Assert
    await page.getByRole('heading', { level: 1, name: 'Ticket: A Stone Age trip' }).waitFor();
    await expect(page.getByRole('img', { name: 'QR code of the ticket to A Stone Age trip' }).locator('svg').count()).resolves.toBe(1);
    await expect(page.locator('code').textContent()).resolves.toBe(ticketCodeOf(ticket.id));
    await expect(page.getByText('Aino · 2 persons').count()).resolves.toBe(1);
    await checkPage(page);
    await expectReflowAt320(page);
  });

  it('lets door staff type the code: valid first, then already used, each announced', async () => {
    // Arrange: a door person of the organisation, in a browser of their own.
    await signInAs({ email: doorEmail, memberships: [{ organisationId, role: 'door-staff' }] });
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    try {
      await signInByMail(page, e2e.runtime, '/en/door', doorEmail);
      await checkPage(page);
      await expectReflowAt320(page);
      const status = page.getByRole('status');
      // Act
      await page.getByLabel('Ticket code').fill(ticketCodeOf(ticket.id).toLowerCase());
      await page.getByRole('button', { name: 'Check the ticket' }).click();
      // Assert
      await status.getByText('Valid: welcome!').waitFor();
      await expect(status.getByText('A Stone Age trip: 2 persons, of them 1 child').count()).resolves.toBe(1);
      await checkPage(page);
      await page.getByLabel('Ticket code').fill(ticketCodeOf(ticket.id));
      await page.getByRole('button', { name: 'Check the ticket' }).click();
      await status.getByText(/^Already used at \d\d:\d\d$/).waitFor();
      await page.getByLabel('Ticket code').fill(`${ticket.id}-AAAAAAAAAAAAAAAA`);
      await page.getByRole('button', { name: 'Check the ticket' }).click();
      await status.getByText('Not a valid code').waitFor();
      await checkPage(page);
      await expect(page.getByRole('table').getByRole('row').nth(1).textContent()).resolves.toContain('A Stone Age trip');
    } finally {
      await context.close();
    }
  });

  it('checks a typed code without JavaScript too', async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      const offering = await getOffering(ticket.offeringId);
      const occurrence = await getOccurrence(ticket.offeringId, ticket.occurrenceId);
      const second = await putTicket({ offering: offering!, occurrence: occurrence! }, { familyId: ticket.familyId });
      // The same door person, signed in already (the sign-in pages are tested with and without JavaScript elsewhere).
      const door = await signInAs({ email: doorEmail });
      await context.addCookies([{ name: 'tarjotin_session', value: door.token, url: e2e.runtime.webUrl! }]);
      await page.goto(`${e2e.runtime.webUrl}/en/door`);
      await page.getByLabel('Ticket code').fill(ticketCodeOf(second.id));
      await page.getByRole('button', { name: 'Check the ticket' }).click();
      await page.getByRole('status').getByText('Valid: welcome!').waitFor();
    } finally {
      await context.close();
    }
  });
});
