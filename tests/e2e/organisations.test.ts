import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPage, expectReflowAt320, hydrated, openMail as openMailOf, signInByMail, useRuntimeAndBrowser } from './browser.ts';

// Whoever signs in with this address becomes a platform admin; the runtime reads it when it starts.
const adminEmail = 'kulttuuri.admin@example.fi';
const previousFirstAdmin = process.env.FIRST_ADMIN_EMAIL;
process.env.FIRST_ADMIN_EMAIL = adminEmail;

const e2e = useRuntimeAndBrowser({ webPort: 0, mailbox: { dir: mkdtempSync(join(tmpdir(), 'tarjotin-organisations-')), port: 0 } });

const providerEmail = 'anna.provider@example.fi';
const colleagueEmail = 'ville.colleague@example.fi';
const joinerEmail = 'kalle.nojs@example.fi';

/** Opens the newest mail to `to` with `subject` in it; returns its first link. */
const openMail = (page: Page, to: string, subject: string) => openMailOf(page, e2e.runtime, to, subject);
const signIn = (page: Page, path: string, email: string, words?: Parameters<typeof signInByMail>[4], mailPage?: Page) =>
  signInByMail(page, e2e.runtime, path, email, words, mailPage);

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A control named by its action and, for screen readers, what it acts on ("Accept: Little Puppet Theatre"). */
const actingOn = (action: string, what: string) => new RegExp(`^${escaped(action)}\\s*: ${escaped(what)}$`);

let admin: { context: BrowserContext; page: Page };
let organisationPath = '';

afterAll(async () => {
  if (previousFirstAdmin === undefined) delete process.env.FIRST_ADMIN_EMAIL;
  else process.env.FIRST_ADMIN_EMAIL = previousFirstAdmin;
});

describe('organisations, members, venues and the platform admin', () => {
  it('a new provider proposes an organisation (a bad website is refused on its field) and the platform admin accepts it', async () => {
    const { page } = e2e;
    await signIn(page, '/en/provider', providerEmail);
    await page.getByRole('heading', { level: 1, name: 'My organisations' }).waitFor();
    await checkPage(page);
    expect(await page.getByText('You do not belong to any organisation yet.').count()).toBe(1);

    const name = page.getByRole('group', { name: 'Name of the organisation' });
    await name.getByLabel('In Finnish').fill('Nukketeatteri Pieni');
    await name.getByLabel('In English').fill('Little Puppet Theatre');
    await page.getByLabel('Kind').selectOption({ label: 'Theatre' });
    await page.getByLabel('Website (optional)').fill('http://nukketeatteri.example');
    await page.getByRole('button', { name: 'Send the proposal' }).click();
    await page.getByRole('alert').waitFor();
    await checkPage(page);
    expect(await page.getByRole('alert').textContent()).toContain('https://');
    expect(await page.getByLabel('Website (optional)').getAttribute('aria-invalid')).toBe('true');
    // What was typed is still there; the summary's link lands on the field.
    expect(await name.getByLabel('In English').inputValue()).toBe('Little Puppet Theatre');
    expect(await page.getByRole('alert').getByRole('link').getAttribute('href')).toBe('#field-website');

    await page.getByLabel('Website (optional)').fill('https://nukketeatteri.example');
    await page.getByRole('button', { name: 'Send the proposal' }).click();
    await page.getByRole('status').filter({ hasText: 'The proposal has been sent' }).waitFor();
    await checkPage(page);
    await expectReflowAt320(page);
    const item = page.getByRole('listitem').filter({ hasText: 'Little Puppet Theatre' });
    expect(await item.textContent()).toContain('Waiting for the platform admin');

    // The platform admin, in a browser of their own, is told of the proposal and accepts it with a message.
    const context = await e2e.browser.newContext();
    admin = { context, page: await context.newPage() };
    await signIn(admin.page, '/en/admin', adminEmail);
    await admin.page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    await checkPage(admin.page);
    const decision = admin.page.getByRole('form', { name: 'Little Puppet Theatre' });
    await decision.getByLabel("Message to the organisation's members (optional)").fill('Welcome to Tarjotin!');
    await decision.getByRole('button', { name: actingOn('Accept', 'Little Puppet Theatre') }).click();
    await admin.page.getByRole('status').filter({ hasText: 'The organisation has been accepted' }).waitFor();
    await checkPage(admin.page);
    expect(await admin.page.getByText('No organisations are waiting for acceptance.').count()).toBe(1);
    await expectReflowAt320(admin.page);
    expect(await admin.page.getByRole('region', { name: 'Accepted organisations' }).getByRole('link', { name: 'Little Puppet Theatre' }).count()).toBe(1);

    // The provider sees it accepted, and the decision with the message in their mailbox.
    await page.goto(`${e2e.runtime.webUrl}/en/provider`);
    await checkPage(page);
    expect(await page.getByRole('listitem').filter({ hasText: 'Little Puppet Theatre' }).textContent()).toContain('Accepted');
    await openMail(page, providerEmail, 'Little Puppet Theatre has been accepted in Tarjotin');
    expect(await page.frameLocator('iframe[title="The message as HTML"]').locator('body').textContent()).toContain('Welcome to Tarjotin!');
  });

  it('the provider adds a venue (its mistakes shown on their fields) and invites a colleague', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.runtime.webUrl}/en/provider`);
    await page.getByRole('link', { name: 'Little Puppet Theatre' }).click();
    await page.getByRole('heading', { level: 1, name: 'Little Puppet Theatre' }).waitFor();
    await checkPage(page);
    organisationPath = new URL(page.url()).pathname;
    expect(await page.getByRole('link', { name: "The organisation's offerings" }).getAttribute('href')).toBe(`${organisationPath}/offerings`);
    // The calendar feed to subscribe to, at a signed address of this organisation's.
    const feed = await page.getByLabel('Calendar address').inputValue();
    expect(feed).toMatch(new RegExp(`/api/v1/organisations/${organisationPath.split('/').at(-1)}/calendar\\.ics\\?token=[\\w.-]+$`));

    await page.getByRole('link', { name: 'Add a venue' }).click();
    await page.getByRole('heading', { level: 1, name: 'New venue' }).waitFor();
    await checkPage(page);
    await page.getByRole('group', { name: 'Name of the venue' }).getByLabel('In Finnish').fill('Pikkusali');
    await page.getByLabel('Street address').fill('Teatterikatu 3');
    await page.getByLabel('Postal code').fill('123');
    await page.getByRole('button', { name: 'Add a venue' }).click();
    await page.getByRole('alert').waitFor();
    await checkPage(page);
    const summary = await page.getByRole('alert').textContent();
    expect(summary).toContain('A postal code has five digits');
    expect(summary).toContain('This is required');
    expect(await page.getByLabel('Postal code').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('City').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Area', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectReflowAt320(page);

    await page.getByLabel('Postal code').fill('00100');
    await page.getByLabel('City').fill('Helsinki');
    await page.getByLabel('Area', { exact: true }).selectOption({ label: 'Southern' });
    await page.getByRole('group', { name: 'Facilities' }).getByRole('checkbox', { name: 'Cloakroom' }).check();
    await page.getByRole('group', { name: 'Accessibility', exact: true }).getByRole('checkbox', { name: 'Lift' }).check();
    await page.getByRole('group', { name: 'More about accessibility (optional)' }).getByLabel('In English').fill('The lift is in the courtyard.');
    await page.getByRole('button', { name: 'Add a venue' }).click();
    await page.getByRole('status').filter({ hasText: 'The venue has been added.' }).waitFor();
    await checkPage(page);

    // The venue opens for editing with what was saved.
    await page.getByRole('link', { name: 'Pikkusali' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit the venue: Pikkusali' }).waitFor();
    await checkPage(page);
    expect(await page.getByRole('checkbox', { name: 'Cloakroom' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Lift' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Toilets' }).isChecked()).toBe(false);
    await page.getByRole('checkbox', { name: 'Toilets' }).check();
    await page.getByRole('button', { name: 'Save the venue' }).click();
    await page.getByRole('status').filter({ hasText: 'The changes to the venue have been saved.' }).waitFor();
    await checkPage(page);

    await page.getByLabel("Your colleague's email address").fill(colleagueEmail);
    await page.getByLabel('Language of the email').selectOption({ label: 'Suomi' });
    await page.getByRole('button', { name: 'Add as a member' }).click();
    await page.getByRole('status').filter({ hasText: 'Your colleague has been added as a member' }).waitFor();
    await checkPage(page);
    expect(await page.getByRole('region', { name: 'Members' }).getByRole('listitem').filter({ hasText: colleagueEmail }).count()).toBe(1);
    await expectReflowAt320(page);
    // Someone new is written to in the language chosen for them.
    await openMail(page, colleagueEmail, 'Sinut on lisätty organisaatioon Nukketeatteri Pieni');
  });

  it('an edit made from a page saved meanwhile by someone else is refused, shows what is saved now, and saves when sent again', async () => {
    const { page } = e2e;
    const stalePage = await e2e.context.newPage();
    await stalePage.goto(`${e2e.runtime.webUrl}${organisationPath}`);
    await page.goto(`${e2e.runtime.webUrl}${organisationPath}`);
    await Promise.all([hydrated(page), hydrated(stalePage)]);

    const details = (p: Page) => p.getByRole('form', { name: "The organisation's details" });
    await details(page).getByLabel('In English').fill('Little Puppet Theatre Ltd');
    await details(page).getByRole('button', { name: 'Save the details' }).click();
    await page.getByRole('status').filter({ hasText: "The organisation's details have been saved." }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Little Puppet Theatre Ltd' }).waitFor();
    await checkPage(page);

    await details(stalePage).getByLabel('Website (optional)').fill('https://pieni.example');
    await details(stalePage).getByRole('button', { name: 'Save the details' }).click();
    const conflict = stalePage.getByRole('alert').filter({ hasText: 'Someone else saved this in the meantime' });
    await conflict.waitFor();
    await checkPage(stalePage);
    expect(await conflict.textContent()).toContain('Little Puppet Theatre Ltd');
    await expectReflowAt320(stalePage);
    expect(await details(stalePage).getByLabel('Website (optional)').inputValue()).toBe('https://pieni.example');

    await details(stalePage).getByRole('button', { name: 'Save the details' }).click();
    await stalePage.getByRole('status').filter({ hasText: "The organisation's details have been saved." }).waitFor();
    await checkPage(stalePage);
    expect(await details(stalePage).getByLabel('Website (optional)').inputValue()).toBe('https://pieni.example');
    await stalePage.close();
  });

  it('the platform admin adds, retires and renames a vocabulary term; anyone else is refused the admin pages', async () => {
    const { page } = admin;
    await page.goto(`${e2e.runtime.webUrl}/en/admin`);
    await page.getByRole('link', { name: 'Categories and keywords' }).click();
    await page.getByRole('heading', { level: 1, name: 'Categories and keywords' }).waitFor();
    await checkPage(page);

    const add = page.getByRole('form', { name: 'Add a category' });
    await add.getByLabel('In Finnish').fill('Nukketeatteri');
    await add.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('alert').waitFor();
    await checkPage(page);
    expect(await add.getByLabel('In Swedish').getAttribute('aria-invalid')).toBe('true');
    expect(await add.getByLabel('In Finnish').inputValue()).toBe('Nukketeatteri');
    // The keyword form, the same fields in another form, is left alone.
    expect(await page.getByRole('form', { name: 'Add a keyword' }).getByLabel('In Swedish').getAttribute('aria-invalid')).toBe('false');

    await add.getByLabel('In Swedish').fill('Dockteater');
    await add.getByLabel('In English').fill('Puppet theatre');
    await add.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('status').filter({ hasText: 'The term has been added.' }).waitFor();
    await checkPage(page);
    const categories = page.getByRole('region', { name: 'Categories' });
    expect(await categories.getByRole('listitem').filter({ hasText: 'Nukketeatteri' }).textContent()).toContain('In use');
    await expectReflowAt320(page);

    await categories.getByRole('button', { name: actingOn('Retire', 'Puppet theatre') }).click();
    await page.getByRole('status').filter({ hasText: 'The term has been retired.' }).waitFor();
    await checkPage(page);
    expect(await page.getByRole('region', { name: 'Categories' }).getByRole('listitem').filter({ hasText: 'Nukketeatteri' }).textContent()).toContain('Retired');

    await page.getByRole('link', { name: actingOn('Edit', 'Puppet theatre') }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit the category: Puppet theatre' }).waitFor();
    await checkPage(page);
    await page.getByLabel('In English').fill('Puppetry');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'The changes to the term have been saved.' }).waitFor();
    await checkPage(page);
    const term = page.getByRole('region', { name: 'Categories' }).getByRole('listitem').filter({ hasText: 'Nukketeatteri' });
    expect(await term.textContent()).toContain('Puppetry');
    // Renaming keeps it retired.
    expect(await term.textContent()).toContain('Retired');

    await e2e.page.goto(`${e2e.runtime.webUrl}/en/admin`);
    await e2e.page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
    await checkPage(e2e.page);
    expect(await e2e.page.getByText('This page is for platform admins only.').count()).toBe(1);
    await admin.context.close();
  });

  it('asking to join works without JavaScript, and a member lets the person in', async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // The mailbox page is read with the scripted page: axe needs JavaScript.
    await signIn(page, '/sv/provider', joinerEmail, { email: 'E-postadress', send: 'Skicka inloggningslänk', sent: 'Kolla din e-post', signIn: 'Logga in', subject: 'Logga in i Tarjotin' }, e2e.page);
    await page.getByRole('heading', { level: 1, name: 'Mina organisationer' }).waitFor();

    await page.getByRole('button', { name: 'Skicka begäran' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Den här uppgiften krävs');
    // Swedish readers see the Finnish name when there is no Swedish one.
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Nukketeatteri Pieni' });
    await page.getByRole('button', { name: 'Skicka begäran' }).click();
    await page.getByRole('status').filter({ hasText: 'Begäran har skickats.' }).waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'Nukketeatteri Pieni' }).textContent()).toContain('väntar på att organisationens medlemmar');

    const member = e2e.page;
    await member.goto(`${e2e.runtime.webUrl}${organisationPath}`);
    await checkPage(member);
    await member.getByRole('button', { name: actingOn('Accept', joinerEmail) }).click();
    await member.getByRole('status').filter({ hasText: 'The request has been accepted' }).waitFor();
    await checkPage(member);

    await page.goto(`${e2e.runtime.webUrl}/sv/provider`);
    await page.getByRole('link', { name: 'Nukketeatteri Pieni' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nukketeatteri Pieni' }).waitFor();
    expect(await page.getByRole('region', { name: 'Medlemmar' }).getByText(joinerEmail).count()).toBe(1);
    await context.close();
  });
});
