import { ulid } from 'ulid';
import { messages } from '../../shared/i18n/api.ts';
import { pickText, type Locale } from '../../shared/locale.ts';
import type { Enrolment } from '../../shared/schemas/enrolment.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import type { Venue } from '../../shared/schemas/venue.ts';
import { formatDateTime, formatTimeRange } from '../../shared/time.ts';
import { config } from '../config.ts';
import type { OutboxMessage } from '../db/outbox.ts';
import { calendarFile } from '../../shared/calendar.ts';
import { renderMail } from '../mail/render.ts';

/** Every event of an enrolment that its teacher is told of, each with its own email. */
export type EnrolmentEvent =
  | 'booked'
  | 'requested'
  | 'waitlisted'
  | 'approved'
  | 'declined'
  | 'offered'
  | 'offerExpired'
  | 'cancelledByTeacher'
  | 'cancelledByProvider'
  | 'occurrenceCancelled'
  | 'changed'
  | 'reminder';

/** Events after which the group is expected at the occurrences: their email carries the calendar entry. */
const confirmsDates: readonly EnrolmentEvent[] = ['booked', 'requested', 'approved', 'changed', 'reminder'];
/** Events that take the group off the occurrences: their calendar entry cancels the one sent before. */
const cancelsDates: readonly EnrolmentEvent[] = ['declined', 'cancelledByTeacher', 'cancelledByProvider', 'occurrenceCancelled', 'offerExpired'];

export const enrolmentWebPaths = {
  /** The teacher's own page of one enrolment, opened by its signed token. */
  manage: (locale: Locale, token: string) => `/${locale}/enrolments/manage?token=${encodeURIComponent(token)}`,
};

/** What an enrolment email needs to say about where the group is going. */
export type EnrolmentContext = {
  offering: Offering;
  occurrences: Occurrence[];
  venues: Map<string, Venue>;
  manageToken: string;
};

/** Where an occurrence is, as one line in the reader's language: its venue and address, online, or at the school. */
export function placeOf(offering: Offering, occurrence: Occurrence, venues: Map<string, Venue>, locale: Locale): string {
  const t = messages(locale).mail.enrolment;
  const { location } = offering;
  const venueId = occurrence.venueId ?? (location.kind === 'venue' ? location.venueId : undefined);
  const venue = venueId ? venues.get(venueId) : undefined;
  if (venue) return `${pickText(venue.name, locale).text}, ${venue.address.street}, ${venue.address.postalCode} ${venue.address.city}`;
  return location.kind === 'virtual' ? t.virtual : t.atSchool;
}

/**
 * The outbox message telling the enrolment's teacher of `event`, in their language, with the
 * link to their enrolment page and, where it concerns dates, an .ics calendar entry.
 */
export function enrolmentMessage(
  event: EnrolmentEvent,
  enrolment: Enrolment,
  context: EnrolmentContext,
  now: Date,
  extra: { message?: string; reason?: string; offerExpiresAt?: string; daysBefore?: number } = {},
): OutboxMessage {
  const { locale } = enrolment;
  const t = messages(locale).mail.enrolment;
  const title = pickText(context.offering.title, locale).text;
  const occurrences = context.occurrences.filter((o) => enrolment.occurrenceIds.includes(o.id));
  const intro =
    event === 'offered'
      ? t.offered.intro(formatDateTime(extra.offerExpiresAt ?? now.toISOString(), locale))
      : event === 'reminder'
        ? t.reminder.intro(extra.daysBefore ?? 0)
        : t[event].intro;
  const url = new URL(enrolmentWebPaths.manage(locale, context.manageToken), config().PUBLIC_URL).toString();
  const paragraphs = [
    intro,
    ...(extra.reason ? [t.reason(extra.reason)] : []),
    ...(extra.message ? [t.providerMessage(extra.message)] : []),
    ...occurrences.map((o) => `${t.when}: ${formatTimeRange(o.start, o.end, locale)}\n${t.where}: ${placeOf(context.offering, o, context.venues, locale)}`),
    `${t.group}: ${enrolment.school}, ${enrolment.groupName} (${t.persons(enrolment.children, enrolment.adults)})`,
  ];
  const mail = renderMail(enrolment.contact.email, locale, {
    subject: t[event].subject(title),
    paragraphs,
    action: { label: t.manage, url },
    notes: [t.manageNote],
  });
  const dated = confirmsDates.includes(event) || cancelsDates.includes(event);
  if (dated && occurrences.length > 0) {
    const cancelled = cancelsDates.includes(event);
    const ics = calendarFile(
      t.calendarName,
      occurrences.map((o) => ({
        uid: `${enrolment.id}-${o.id}@tarjotin`,
        start: o.start,
        end: o.end,
        summary: title,
        location: placeOf(context.offering, o, context.venues, locale),
        url,
        cancelled: cancelled || o.cancelled !== undefined,
        sequence: enrolment.version,
      })),
      cancelled ? 'cancel' : 'publish',
    );
    mail.attachments = [{ filename: 'tarjotin.ics', contentType: 'text/calendar; charset=utf-8', content: ics }];
  }
  return { id: ulid(), createdAt: now.toISOString(), about: enrolment.id, mail, attempts: 0 };
}
