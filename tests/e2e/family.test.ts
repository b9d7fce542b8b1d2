import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPage, expectReflowAt320, openMail, signInByMail, useRuntimeAndBrowser } from './browser.ts';

// Whoever signs in with this address becomes a platform admin; the runtime reads it when it starts.
const adminEmail = 'godchild.admin@example.fi';
const previousFirstAdmin = process.env.FIRST_ADMIN_EMAIL;
process.env.FIRST_ADMIN_EMAIL = adminEmail;

const e2e = useRuntimeAndBrowser({ webPort: 0, mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-family-')), port: 0 } });

const guardianEmail = 'aino.guardian@example.fi';
const secondEmail = 'eino.guardian@example.fi';

afterAll(() => {
  if (previousFirstAdmin === undefined) delete process.env.FIRST_ADMIN_EMAIL;
  else process.env.FIRST_ADMIN_EMAIL = previousFirstAdmin;
});

async function newPage(): Promise<Page> {
  const context = await e2e.browser.newContext();
  return context.newPage();
}

describe('culture godchildren: cohorts and families', () => {
  it('the platform admin opens a cohort for a birth year; a bad postal-code rule is refused on its field', async () => {
    const page = await newPage();
    await signInByMail(page, e2e.runtime, '/en/admin', adminEmail);
    await page.getByRole('link', { name: 'Culture godchildren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cohorts of Culture godchildren' }).waitFor();
    await checkPage(page);
    expect(await page.getByText('There are no cohorts yet.').count()).toBe(1);

    const form = page.getByRole('form', { name: 'New cohort' });
    await form.getByLabel('Year of birth').fill('2019');
    await form.getByLabel('Postal codes of the municipality').fill('00, 1');
    await form.getByRole('button', { name: 'Create the cohort' }).click();
    await page.getByRole('alert').waitFor();
    await checkPage(page);
    expect(await page.getByRole('alert').textContent()).toContain('Give postal codes, or their beginnings, of 2–5 digits');
    expect(await page.getByRole('alert').getByRole('link').getAttribute('href')).toBe('#field-postalCodes');
    expect(await form.getByLabel('Year of birth').inputValue()).toBe('2019');

    await form.getByLabel('Postal codes of the municipality').fill('00, 01 02');
    await form.getByRole('button', { name: 'Create the cohort' }).click();
    await page.getByRole('status').filter({ hasText: 'The cohort has been created.' }).waitFor();
    await checkPage(page);
    await expectReflowAt320(page);
    const row = page.getByRole('row').filter({ hasText: '2019' });
    expect(await row.textContent()).toContain('00, 01, 02');
    expect(await row.textContent()).toContain('Open');

    // The link's name says what it edits, for screen readers ("Edit: Cohort of 2019").
    await row.getByRole('link', { name: /^Edit\s*: Cohort of 2019$/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Cohort of 2019' }).waitFor();
    await checkPage(page);
    await page.getByLabel('Experiences per child per year').fill('3');
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByRole('status').filter({ hasText: 'The changes have been saved.' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: '2019' }).getByRole('cell').nth(1).textContent()).toBe('3');
  });

  it('a guardian signs in by email link, registers a child (another municipality is refused with its reason) and sees it with its yearly use', async () => {
    const page = await newPage();
    await signInByMail(page, e2e.runtime, '/en/family', guardianEmail);
    await page.getByRole('heading', { level: 1, name: 'Culture godchildren' }).waitFor();
    await checkPage(page);
    expect(await page.getByText('You have not registered any children yet.').count()).toBe(1);
    const pages = page.getByRole('navigation', { name: "The family's pages" });
    for (const [name, path] of [
      ['Allocation rounds and preferences', '/en/family/rounds'],
      ['Invitations', '/en/family/invitations'],
      ['Tickets', '/en/family/tickets'],
      ['Experiences', '/en/family/experiences'],
    ]) {
      expect(await pages.getByRole('link', { name, exact: true }).getAttribute('href')).toBe(path);
    }

    await page.getByRole('link', { name: 'Register a child' }).click();
    await page.getByRole('heading', { level: 1, name: 'Register a child' }).waitFor();
    await checkPage(page);
    expect(await page.getByText('Children born in 2019 are served.').count()).toBe(1);
    await page.getByLabel('Year of birth').selectOption('2019');
    await page.getByLabel('Postal code').fill('33100');
    await page.getByRole('group', { name: 'Languages spoken at home' }).getByLabel('Finnish').check();
    await page.getByLabel('First name (optional)').fill('Aino');
    await page.getByRole('button', { name: 'Register the child' }).click();
    await page.getByRole('alert').waitFor();
    await checkPage(page);
    expect(await page.getByRole('alert').textContent()).toContain('The postal code is not in the municipality');
    expect(await page.getByLabel('Postal code').getAttribute('aria-invalid')).toBe('true');
    // What was typed is still there.
    expect(await page.getByLabel('First name (optional)').inputValue()).toBe('Aino');
    expect(await page.getByLabel('Year of birth').inputValue()).toBe('2019');
    await expectReflowAt320(page);

    await page.getByLabel('Postal code').fill('00530');
    await page.getByRole('button', { name: 'Register the child' }).click();
    await page.getByRole('status').filter({ hasText: 'The child has been registered.' }).waitFor();
    await checkPage(page);
    await expectReflowAt320(page);
    const child = page.getByRole('region', { name: 'Children' }).getByRole('listitem').filter({ hasText: 'Aino' });
    expect(await child.textContent()).toContain('Cohort of 2019 · Experiences this year: 0 of 3');
    expect(await child.textContent()).toContain('00530');

    await child.getByRole('link', { name: 'Edit: Aino' }).click();
    await page.getByRole('heading', { level: 1, name: "Edit the child's details: Aino" }).waitFor();
    await checkPage(page);
    expect(await page.getByText('The year of birth cannot be changed.').count()).toBe(1);
    expect(await page.getByLabel('Year of birth').count()).toBe(0);
    await page.getByRole('group', { name: 'Languages spoken at home' }).getByLabel('Swedish').check();
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByRole('status').filter({ hasText: 'The changes have been saved.' }).waitFor();
    expect(await page.getByRole('region', { name: 'Children' }).getByRole('listitem').filter({ hasText: 'Aino' }).textContent()).toContain('Finnish, Swedish');
  });

  it('the guardian invites a second guardian, who signs in with that address and joins the family from the emailed link', async () => {
    const page = await newPage();
    await signInByMail(page, e2e.runtime, '/en/family', guardianEmail);
    await page.getByLabel("Second guardian's email address").fill(secondEmail);
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByRole('status').filter({ hasText: `The invitation has been sent to ${secondEmail}.` }).waitFor();
    await checkPage(page);

    const second = await newPage();
    await signInByMail(second, e2e.runtime, '/en/family', secondEmail);
    const link = await openMail(second, e2e.runtime, secondEmail, 'You have been invited to join a family');
    expect(link).toContain('/en/family/guardian-invitation?token=');
    await second.goto(link!);
    await second.getByRole('heading', { level: 1, name: 'Join a family' }).waitFor();
    await checkPage(second);
    await second.getByRole('button', { name: 'Join the family' }).click();
    await second.getByRole('status').filter({ hasText: 'You have joined the family.' }).waitFor();
    await checkPage(second);
    expect(await second.getByRole('region', { name: 'Children' }).getByRole('listitem').filter({ hasText: 'Aino' }).count()).toBe(1);
    const guardians = await second.getByRole('region', { name: 'Guardians' }).textContent();
    expect(guardians).toContain(guardianEmail);
    expect(guardians).toContain(secondEmail);
    expect(guardians).toContain('The family has two guardians, the most there can be.');

    // The link works once.
    await second.goto(link!);
    await second.getByRole('button', { name: 'Join the family' }).click();
    await second.getByRole('alert').waitFor();
    await checkPage(second);
    expect(await second.getByRole('alert').textContent()).toContain('The invitation link is wrong, has expired or has been used');
  });
});
