import QRCode from 'qrcode';
import { ulid } from 'ulid';
import { messages } from '../../shared/i18n/api.ts';
import { pickText, type Locale } from '../../shared/locale.ts';
import type { Family, Invitation, Ticket } from '../../shared/schemas/godchild.ts';
import type { LocalizedText } from '../../shared/locale.ts';
import { formatDateTime, formatTimeRange } from '../../shared/time.ts';
import { config } from '../config.ts';
import type { OutboxMessage } from '../db/outbox.ts';
import { renderMail, type MailContent } from '../mail/render.ts';
import type { Mail } from '../mail/send.ts';
import { ticketCodeOf } from './ticket-code.ts';

/**
 * The culture-godchild module's emails to families, each in the family's own language and
 * written to the outbox in the transaction of the change it tells of. `godchildMessage` is the
 * one way to make one; invitation, waitlist-offer and ticket mails are built on it here, and
 * reminders, feedback requests and admin messages can be too.
 */

export const godchildWebPaths = {
  invitations: (locale: Locale) => `/${locale}/family/invitations`,
  tickets: (locale: Locale) => `/${locale}/family/tickets`,
  ticket: (locale: Locale, ticketId: string) => `/${locale}/family/tickets/${ticketId}`,
  /** The public page where a letter's accept code is typed. */
  acceptByCode: (locale: Locale) => `/${locale}/invitation`,
};

export const absoluteUrl = (path: string) => new URL(path, config().PUBLIC_URL).toString();

/** An outbox message to a family that has an address: the content rendered in its language. */
export function godchildMessage(
  family: Pick<Family, 'email' | 'locale'>,
  content: MailContent,
  about: string,
  now: Date,
  attachments?: NonNullable<Mail['attachments']>,
): OutboxMessage | undefined {
  if (!family.email) return undefined;
  const mail = renderMail(family.email, family.locale, content);
  if (attachments?.length) mail.attachments = attachments;
  return { id: ulid(), createdAt: now.toISOString(), about, mail, attempts: 0 };
}

/** What an invitation or ticket mail says about the experience. */
export type ExperienceDetails = { title: LocalizedText; start: string; end: string; place: string; children: Array<{ firstName?: string }> };

function childrenLine(children: ExperienceDetails['children'], locale: Locale): string {
  const t = messages(locale).mail.godchild;
  const named = children.map((c) => c.firstName).filter((n): n is string => Boolean(n));
  return named.length === children.length && named.length > 0 ? t.whoNamed(named.join(', ')) : t.whoCount(children.length);
}

/** The invitation of a committed round, or a freed seat offered from the round's waitlist. */
export function invitationMessage(family: Pick<Family, 'email' | 'locale'>, value: Invitation, details: ExperienceDetails, now: Date): OutboxMessage | undefined {
  const { locale } = family;
  const t = messages(locale).mail.godchild;
  const title = pickText(details.title, locale).text;
  const respondBy = formatDateTime(value.respondBy, locale);
  const kind = value.source === 'waitlist' ? t.waitlistOffer : t.invitation;
  return godchildMessage(
    family,
    {
      subject: kind.subject(title),
      paragraphs: [
        kind.intro(respondBy),
        `${t.when}: ${formatTimeRange(details.start, details.end, locale)}\n${t.where}: ${details.place}`,
        childrenLine(details.children, locale),
        t.persons(value.persons),
      ],
      action: { label: t.answer, url: absoluteUrl(godchildWebPaths.invitations(locale)) },
      notes: [t.codeNote(value.acceptCode, absoluteUrl(godchildWebPaths.acceptByCode(locale)))],
    },
    value.id,
    now,
  );
}

/** The ticket of an accepted invitation, its QR code attached as a PNG and its code written out. */
export async function ticketMessage(family: Pick<Family, 'email' | 'locale'>, value: Ticket, details: ExperienceDetails, now: Date): Promise<OutboxMessage | undefined> {
  if (!family.email) return undefined;
  const { locale } = family;
  const t = messages(locale).mail.godchild;
  const title = pickText(details.title, locale).text;
  const code = ticketCodeOf(value.id);
  const png = await QRCode.toBuffer(code, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 320 });
  return godchildMessage(
    family,
    {
      subject: t.ticket.subject(title),
      paragraphs: [
        t.ticket.intro,
        `${t.when}: ${formatTimeRange(details.start, details.end, locale)}\n${t.where}: ${details.place}`,
        childrenLine(details.children, locale),
        t.persons(value.persons),
        t.ticket.code(code),
      ],
      action: { label: t.ticket.open, url: absoluteUrl(godchildWebPaths.ticket(locale, value.id)) },
      notes: [t.ticket.note],
    },
    value.id,
    now,
    [{ filename: 'tarjotin-ticket.png', contentType: 'image/png', content: png.toString('base64'), encoding: 'base64' }],
  );
}

/**
 * The provider cancelled the occurrence a family held a ticket or an invitation for: what it
 * was, when and where, and the provider's reason in the family's language.
 */
export function occurrenceCancelledMessage(
  family: Pick<Family, 'email' | 'locale'>,
  held: { kind: 'ticket' | 'invitation'; id: string },
  details: ExperienceDetails,
  reason: LocalizedText | undefined,
  now: Date,
): OutboxMessage | undefined {
  const { locale } = family;
  const t = messages(locale).mail.godchild;
  const texts = t.occurrenceCancelled;
  const title = pickText(details.title, locale).text;
  const why = pickText(reason, locale).text;
  return godchildMessage(
    family,
    {
      subject: texts.subject(title),
      paragraphs: [
        held.kind === 'ticket' ? texts.ticketIntro : texts.invitationIntro,
        `${t.when}: ${formatTimeRange(details.start, details.end, locale)}\n${t.where}: ${details.place}`,
        childrenLine(details.children, locale),
        ...(why ? [texts.reason(why)] : []),
      ],
      action:
        held.kind === 'ticket'
          ? { label: texts.tickets, url: absoluteUrl(godchildWebPaths.tickets(locale)) }
          : { label: texts.invitations, url: absoluteUrl(godchildWebPaths.invitations(locale)) },
    },
    held.id,
    now,
  );
}

/** An experience's occurrence the family holds a ticket or an invitation for has a new time or place. */
export function occurrenceChangedMessage(
  family: Pick<Family, 'email' | 'locale'>,
  held: { kind: 'ticket' | 'invitation'; id: string },
  details: ExperienceDetails,
  now: Date,
): OutboxMessage | undefined {
  const { locale } = family;
  const t = messages(locale).mail.godchild;
  const texts = t.occurrenceChanged;
  return godchildMessage(
    family,
    {
      subject: texts.subject(pickText(details.title, locale).text),
      paragraphs: [texts.intro, `${t.when}: ${formatTimeRange(details.start, details.end, locale)}\n${t.where}: ${details.place}`, childrenLine(details.children, locale)],
      action:
        held.kind === 'ticket'
          ? { label: t.occurrenceCancelled.tickets, url: absoluteUrl(godchildWebPaths.tickets(locale)) }
          : { label: t.occurrenceCancelled.invitations, url: absoluteUrl(godchildWebPaths.invitations(locale)) },
    },
    held.id,
    now,
  );
}
