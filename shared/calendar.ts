import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export type CalendarEvent = {
  /** Stable across updates, so calendars replace the entry instead of adding another. */
  uid: string;
  start: string;
  end: string;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  cancelled?: boolean;
  /** Grows with each change of the same entry. */
  sequence?: number;
};

/**
 * An iCalendar (.ics) file: the attachment of an enrolment email, the teacher's download (built by
 * the web app from the same data) and an
 * organisation's feed. Times are written in UTC, which every calendar shows in its own zone.
 */
export function calendarFile(name: string, events: CalendarEvent[], method: 'publish' | 'cancel' = 'publish'): string {
  const calendar = ical({ name, prodId: { company: 'Tarjotin', product: 'tarjotin', language: 'FI' } });
  calendar.method(method === 'cancel' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH);
  for (const event of events) {
    calendar.createEvent({
      id: event.uid,
      start: new Date(event.start),
      end: new Date(event.end),
      summary: event.summary,
      description: event.description,
      location: event.location,
      url: event.url,
      sequence: event.sequence ?? 0,
      status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
