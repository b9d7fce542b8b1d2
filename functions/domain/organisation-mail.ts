import { messages } from '../../shared/i18n/api.ts';
import { pickText, type Locale } from '../../shared/locale.ts';
import type { Organisation } from '../../shared/schemas/organisation.ts';
import type { Person } from '../../shared/schemas/person.ts';
import { config } from '../config.ts';
import { logger } from '../logger.ts';
import { renderMail } from '../mail/render.ts';
import { sendMail, type Mail } from '../mail/send.ts';

/**
 * The emails about organisations and memberships, each in its recipient's language. Links
 * point at pages of the web app; their paths are kept here, in one place.
 */
export const webPaths = {
  signIn: (locale: Locale) => `/${locale}/sign-in`,
  /** The platform admin's queue of proposed organisations. */
  proposals: (locale: Locale) => `/${locale}/admin`,
  /** An organisation's own page for its members (members, join requests, venues). */
  organisation: (locale: Locale, id: string) => `/${locale}/provider/organisations/${id}`,
};

const link = (path: string) => new URL(path, config().PUBLIC_URL).toString();
const nameIn = (organisation: Pick<Organisation, 'name'>, locale: Locale) => pickText(organisation.name, locale).text;

type Recipient = Pick<Person, 'email' | 'locale'>;

export function proposalMail(admin: Recipient, organisation: Organisation, proposer: string): Mail {
  const t = messages(admin.locale).mail.organisationProposed;
  const name = nameIn(organisation, admin.locale);
  return renderMail(admin.email, admin.locale, {
    subject: t.subject(name),
    paragraphs: [t.intro(name, proposer)],
    action: { label: t.action, url: link(webPaths.proposals(admin.locale)) },
  });
}

export function decisionMail(member: Recipient, organisation: Organisation): Mail {
  const catalogue = messages(member.locale).mail;
  const name = nameIn(organisation, member.locale);
  const message = organisation.decision?.message ? [catalogue.adminMessage(organisation.decision.message)] : [];
  if (organisation.status === 'accepted') {
    const t = catalogue.organisationAccepted;
    return renderMail(member.email, member.locale, {
      subject: t.subject(name),
      paragraphs: [t.intro(name), ...message],
      action: { label: t.action, url: link(webPaths.signIn(member.locale)) },
    });
  }
  const t = catalogue.organisationRejected;
  return renderMail(member.email, member.locale, { subject: t.subject(name), paragraphs: [t.intro(name), ...message] });
}

export function joinRequestMail(member: Recipient, organisation: Organisation, asker: string): Mail {
  const t = messages(member.locale).mail.joinRequested;
  const name = nameIn(organisation, member.locale);
  return renderMail(member.email, member.locale, {
    subject: t.subject(name),
    paragraphs: [t.intro(asker, name)],
    action: { label: t.action, url: link(webPaths.organisation(member.locale, organisation.id)) },
  });
}

export function joinAnswerMail(asker: Recipient, organisation: Organisation, accepted: boolean): Mail {
  const catalogue = messages(asker.locale).mail;
  const name = nameIn(organisation, asker.locale);
  if (accepted) {
    const t = catalogue.joinAccepted;
    return renderMail(asker.email, asker.locale, {
      subject: t.subject(name),
      paragraphs: [t.intro(name)],
      action: { label: t.action, url: link(webPaths.signIn(asker.locale)) },
    });
  }
  const t = catalogue.joinRefused;
  return renderMail(asker.email, asker.locale, { subject: t.subject(name), paragraphs: [t.intro(name)] });
}

export function invitationMail(invitee: Recipient, organisation: Organisation, inviter: string): Mail {
  const t = messages(invitee.locale).mail.memberInvited;
  const name = nameIn(organisation, invitee.locale);
  return renderMail(invitee.email, invitee.locale, {
    subject: t.subject(name),
    paragraphs: [t.intro(inviter, name)],
    action: { label: t.action, url: link(webPaths.signIn(invitee.locale)) },
    notes: [t.howToSignIn],
  });
}

/**
 * Sends each message. The change they report is already saved, so a failed send is logged
 * (with the recipient) rather than turned into an error the client might retry; these
 * messages have no outbox yet.
 */
export async function sendEach(mails: Mail[]): Promise<void> {
  const results = await Promise.allSettled(mails.map((m) => sendMail(m)));
  results.forEach((result, i) => {
    if (result.status === 'rejected') logger.error('Could not send an email', { to: mails[i]?.to, subject: mails[i]?.subject, error: result.reason });
  });
}
