import type { OccurrenceView, OfferingDetail } from '../../../../../../shared/schemas/api.ts';

/**
 * Whether a teacher can send an enrolment for this time now: it is open, or full with the
 * offering's waitlist on (the group then waits for a seat). Everything else (not open yet,
 * closed, cancelled, enrolment elsewhere) the API would refuse.
 */
export function canEnrolIn(offering: Pick<OfferingDetail, 'enrolment'>, occurrence: Pick<OccurrenceView, 'availability'>): boolean {
  if (offering.enrolment.mode !== 'internal') return false;
  const { status } = occurrence.availability;
  return status === 'open' || (status === 'full' && offering.enrolment.waitlist);
}
