import * as z from 'zod';
import { locale } from '../locale.ts';
import { studyLevel } from '../vocabularies.ts';
import { email, id, timestamp, versioned } from './common.ts';

/**
 * Where an enrolment stands. `booked`, `requested` (waiting for the provider's approval) and
 * `offered` (a freed seat held for a waiting group) hold seats; `waitlisted`, `declined` and
 * `cancelled` do not.
 */
export const enrolmentStatuses = ['booked', 'requested', 'waitlisted', 'offered', 'declined', 'cancelled'] as const;
export const enrolmentStatus = z.enum(enrolmentStatuses);
export type EnrolmentStatus = z.infer<typeof enrolmentStatus>;
export const seatHoldingStatuses: readonly EnrolmentStatus[] = ['booked', 'requested', 'offered'];
export const holdsSeats = (status: EnrolmentStatus) => seatHoldingStatuses.includes(status);

const name = z.string().trim().min(1).max(120);
const phone = z.string().trim().min(5).max(40);

/**
 * What a teacher (or a provider entering it for one who phoned) sends to enrol a group. The
 * offering's own rules (window, group size, visits, mandatory information) are checked by the
 * use case, which knows them.
 */
export const enrolmentRequest = z
  .object({
    /** The occurrences booked together: as many as the offering's visits per booking. */
    occurrenceIds: z.array(id).min(1).max(10),
    /** The school or daycare, picked from the list or typed. */
    school: z.string().trim().min(1).max(160),
    groupName: z.string().trim().min(1).max(80),
    studyLevels: z.array(studyLevel).min(1).max(12),
    children: z.int({ error: 'invalidNumber' }).min(0).max(1000),
    adults: z.int({ error: 'invalidNumber' }).min(0).max(200),
    /** Free text; the form warns not to write health data here. */
    specialNeeds: z.string().trim().max(1000).optional(),
    additionalInfo: z.string().trim().max(2000).optional(),
    adultInCharge: z.object({ name, phone: phone.optional() }),
    contact: z.object({ name, email: email.transform((address) => address.toLowerCase()), phone }),
    /** The language of every message about this enrolment. */
    locale,
    /** Consent to share these details with the provider; without it nothing is stored. */
    consent: z.literal(true, { error: 'consentRequired' }),
  })
  .superRefine((value, ctx) => {
    if (value.children + value.adults < 1) ctx.addIssue({ code: 'custom', path: ['children'], message: 'nobodyInGroup' });
    if (new Set(value.occurrenceIds).size !== value.occurrenceIds.length) {
      ctx.addIssue({ code: 'custom', path: ['occurrenceIds'], message: 'sameOccurrenceTwice' });
    }
  });
export type EnrolmentRequest = z.infer<typeof enrolmentRequest>;

export const cancelledBy = ['teacher', 'provider', 'occurrence', 'offer-expired'] as const;

/** A stored enrolment. Seats per occurrence follow from the group and the occurrence's unit. */
export const enrolment = z
  .object({
    id,
    offeringId: id,
    organisationId: id,
    status: enrolmentStatus,
    occurrenceIds: z.array(id).min(1),
    school: z.string(),
    groupName: z.string(),
    studyLevels: z.array(studyLevel),
    children: z.int().min(0),
    adults: z.int().min(0),
    specialNeeds: z.string().optional(),
    additionalInfo: z.string().optional(),
    adultInCharge: z.object({ name: z.string(), phone: z.string().optional() }),
    contact: z.object({ name: z.string(), email, phone: z.string() }),
    locale,
    consentAt: timestamp,
    /** The provider member or admin who entered it for a teacher who phoned; absent when the teacher did. */
    enteredBy: id.optional(),
    /** The waiting group's place in the order groups joined the waitlist of its first occurrence. */
    waitlistTicket: z.int().min(1).optional(),
    /** Until when a freed seat is held for this waiting group. */
    offerExpiresAt: timestamp.optional(),
    /** The provider's approval or decline, with the message sent. */
    decision: z.object({ at: timestamp, by: id, message: z.string().optional() }).optional(),
    cancelled: z.object({ at: timestamp, by: z.enum(cancelledBy), reason: z.string().optional() }).optional(),
    /** When a provider member first saw it; unseen ones are marked new. */
    seenAt: timestamp.optional(),
    /** The occurrences its teacher has been reminded of, so a reminder goes once. */
    remindedFor: z.array(id).optional(),
  })
  .extend(versioned.shape);
export type Enrolment = z.infer<typeof enrolment>;

/** The immediate answer to an enrolment: booked, requested or waitlisted; refusals are problems. */
export const enrolmentAnswer = z.object({
  outcome: z.enum(['booked', 'requested', 'waitlisted']),
  enrolmentId: id,
  /** 1 for the first waiting group; only when waitlisted. */
  position: z.int().min(1).optional(),
  /** Opens the teacher's own page of the enrolment (also emailed). */
  manageToken: z.string(),
});
export type EnrolmentAnswer = z.infer<typeof enrolmentAnswer>;

/** Why an enrolment attempt was refused: a problem's `reason`. */
export const enrolmentRefusals = ['full', 'closed', 'not-open-yet', 'cancelled', 'already-enrolled', 'no-enrolment'] as const;
export type EnrolmentRefusal = (typeof enrolmentRefusals)[number];

/** An Idempotency-Key header: a client's own unique string for one submission. */
export const idempotencyKey = z.string().trim().min(8).max(200, { error: 'invalidIdempotencyKey' });

export const offeringEnrolmentPath = z.object({ id });
export type OfferingEnrolmentPath = z.infer<typeof offeringEnrolmentPath>;

/** A manage link's token, as the path carries it. */
export const manageTokenPath = z.object({ token: z.string().min(20).max(2000) });
export type ManageTokenPath = z.infer<typeof manageTokenPath>;

/**
 * What the teacher's own page of one enrolment shows: the group as entered, where it stands,
 * the occurrences with their times and places, and what the teacher may still do.
 */
export const managedEnrolment = z.object({
  /** `version` grows with every change: a calendar entry's SEQUENCE. */
  enrolment: enrolment.omit({ organisationId: true, seenAt: true, waitlistTicket: true }),
  offering: z.object({
    id,
    title: z.record(z.string(), z.string()),
    organisationName: z.record(z.string(), z.string()),
    contact: z.object({ name: z.string(), email, phone: z.string().optional() }),
  }),
  occurrences: z.array(
    z.object({
      id,
      start: timestamp,
      end: timestamp,
      /** The place as one line in each language it is written in: a venue and its address, online, or at the school. */
      place: z.record(z.string(), z.string()),
      cancelled: z.boolean(),
    }),
  ),
  /** The group's place on the waitlist (1 is next), while it waits. */
  position: z.int().min(1).optional(),
  /** Until when the teacher may cancel; absent when cancelling is no longer possible. */
  cancelUntil: timestamp.optional(),
  /** Whether a freed seat offered to the group can be accepted or declined now. */
  canAnswerOffer: z.boolean(),
});
export type ManagedEnrolment = z.infer<typeof managedEnrolment>;

/** An enrolment as its provider sees it: everything entered, whether it is new to them, its waitlist place. */
export const providerEnrolment = enrolment.omit({ waitlistTicket: true }).extend({
  isNew: z.boolean(),
  position: z.int().min(1).optional(),
});
export type ProviderEnrolment = z.infer<typeof providerEnrolment>;

/** An offering's enrolments by occurrence, for its provider. */
export const offeringEnrolments = z.object({
  offeringId: id,
  occurrences: z.array(
    z.object({
      id,
      start: timestamp,
      end: timestamp,
      capacity: z.object({ unit: z.enum(['persons', 'groups']), total: z.int() }),
      seatsTaken: z.int(),
      cancelled: z.boolean(),
      enrolments: z.array(providerEnrolment),
    }),
  ),
});
export type OfferingEnrolments = z.infer<typeof offeringEnrolments>;

export const managedEnrolmentPath = z.object({ id, enrolmentId: id });
export type ManagedEnrolmentPath = z.infer<typeof managedEnrolmentPath>;

/** Approve or decline one or many requests, with one message to every teacher. */
export const enrolmentDecision = z.object({
  enrolmentIds: z.array(id).min(1).max(200),
  decision: z.enum(['approve', 'decline']),
  message: z.string().trim().max(1000).optional(),
});
export type EnrolmentDecision = z.infer<typeof enrolmentDecision>;

/** Ids of enrolments a provider has now seen (they lose their "new" mark). */
export const seenEnrolments = z.object({ enrolmentIds: z.array(id).min(1).max(500) });

/** A provider cancelling a group's enrolment, with a message to the teacher. */
export const providerCancellation = z.object({ message: z.string().trim().max(1000).optional() });

/** The enrolments made with a signed-in teacher's address, newest first, each with its manage link's token. */
export const myEnrolments = z.object({
  items: z.array(
    z.object({
      id,
      offeringId: id,
      title: z.record(z.string(), z.string()),
      status: enrolmentStatus,
      school: z.string(),
      groupName: z.string(),
      /** The first of its occurrences. */
      start: timestamp.optional(),
      manageToken: z.string(),
    }),
  ),
});
export type MyEnrolments = z.infer<typeof myEnrolments>;

/** The calendar feed of an organisation's occurrences: its id and the feed's signed token. */
export const calendarFeedQuery = z.object({ token: z.string().min(20).max(2000) });
export const calendarFeedLink = z.object({ url: z.url() });
