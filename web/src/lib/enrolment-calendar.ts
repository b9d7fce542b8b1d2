import { calendarFile } from '../../../shared/calendar.ts';
import { messages } from '../../../shared/i18n/index.ts';
import { pickText, type Locale } from '../../../shared/locale.ts';
import type { ManagedEnrolment } from '../../../shared/schemas/enrolment.ts';

/**
 * An enrolment as a calendar file (.ics), from what its page shows. Each entry has the UID of
 * the emails' attachments (`<enrolment>-<occurrence>@tarjotin`), so a calendar that took one
 * replaces that entry instead of adding another, and their SEQUENCE; an ended enrolment cancels
 * its entries.
 * `pageUrl`: the enrolment's own page, linked from each entry.
 */
export function enrolmentCalendar(managed: ManagedEnrolment, locale: Locale, pageUrl: string): string {
  const { enrolment } = managed;
  const ended = enrolment.status === 'cancelled' || enrolment.status === 'declined';
  const summary = pickText(managed.offering.title, locale).text;
  return calendarFile(
    messages(locale).teacherEnrolment.calendarName,
    managed.occurrences.map((occurrence) => ({
      uid: `${enrolment.id}-${occurrence.id}@tarjotin`,
      start: occurrence.start,
      end: occurrence.end,
      summary,
      location: pickText(occurrence.place, locale).text,
      url: pageUrl,
      cancelled: ended || occurrence.cancelled,
      // As in the emails' attachments, so a calendar takes the newest of them.
      sequence: enrolment.version,
    })),
    ended ? 'cancel' : 'publish',
  );
}
