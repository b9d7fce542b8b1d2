import * as z from 'zod';
import { localizedText } from '../locale.ts';
import { offeringLanguage } from '../vocabularies.ts';
import { id, localDate, timestamp } from './common.ts';
import { cohortMessage, experienceTarget, inviteKind, messageAudiences, preferences, ticket } from './godchild.ts';

/**
 * The API's shapes for tickets, the door, first-come enrolment and cohort messages (slice C of
 * the culture-godchild module). Entities themselves are in godchild.ts.
 */

export const ticketPath = z.object({ id });

/** A ticket as its family sees it, in the reader's language. */
export const ticketSummary = ticket
  .pick({ id: true, offeringId: true, occurrenceId: true, persons: true, source: true, status: true, usedAt: true, createdAt: true })
  .extend({
    title: z.string(),
    start: timestamp,
    end: timestamp,
    /** The venue and its address, or where else it happens, as one line. */
    place: z.string(),
    /** The children it is for: their first names where given. */
    children: z.array(z.object({ id, firstName: z.string().optional() })),
    /** Whether the occurrence itself has been cancelled by its provider. */
    occurrenceCancelled: z.boolean(),
    /** Whether the family may still cancel it (valid, unused, before the start). */
    cancellable: z.boolean(),
  });
export type TicketSummary = z.infer<typeof ticketSummary>;
export const familyTickets = z.object({ items: z.array(ticketSummary) });
export type FamilyTickets = z.infer<typeof familyTickets>;

/** One ticket with what the door reads: its code (to type or read aloud) and its QR code as SVG. */
export const ticketView = ticketSummary.extend({ code: z.string(), qrSvg: z.string() });
export type TicketView = z.infer<typeof ticketView>;

/** A first-come enrolment: which of the family's children of the cohort, and who comes with them. */
export const firstComeRequest = z
  .object({
    childIds: z.array(id).min(1).max(10),
    guardians: preferences.shape.guardians,
    otherChildren: preferences.shape.otherChildren,
  })
  .superRefine((value, ctx) => {
    if (new Set(value.childIds).size !== value.childIds.length) ctx.addIssue({ code: 'custom', path: ['childIds'], message: 'sameChildTwice' });
  });
export type FirstComeRequest = z.infer<typeof firstComeRequest>;
export const firstComePath = z.object({ offeringId: id, occurrenceId: id });
export const firstComeRefusals = ['full', 'yearly-limit', 'event-group', 'already-enrolled', 'round-in-progress', 'closed', 'cancelled'] as const;
export type FirstComeRefusal = (typeof firstComeRefusals)[number];
export const firstComeAnswer = z.object({ ticketId: id });
export type FirstComeAnswer = z.infer<typeof firstComeAnswer>;

/** The experiences of a family's cohorts, with their free seats, for first-come enrolment. */
export const familyExperience = z.object({
  offeringId: id,
  cohortId: id,
  title: z.string(),
  description: z.string(),
  invite: inviteKind,
  eventGroup: experienceTarget.shape.eventGroup,
  /** No round of the cohort is open or committed: leftover seats go to whoever comes first. */
  firstComeOpen: z.boolean(),
  occurrences: z.array(
    z.object({ id, start: timestamp, end: timestamp, place: z.string(), languages: z.array(offeringLanguage), seatsFree: z.int().min(0) }),
  ),
});
export type FamilyExperience = z.infer<typeof familyExperience>;
export const familyExperiences = z.object({
  items: z.array(familyExperience),
  /** The family's children with their use of the yearly limit this year (Helsinki). */
  children: z.array(z.object({ id, cohortId: id, firstName: z.string().optional(), birthYear: z.int(), used: z.int(), limit: z.int() })),
});
export type FamilyExperiences = z.infer<typeof familyExperiences>;

/** What a door device shows for today: the organisation's occurrences with tickets and how many came. */
export const doorToday = z.object({
  date: localDate,
  /** The organisation's venues, for the door to say which one it is. */
  venues: z.array(z.object({ id, name: localizedText(120) })),
  occurrences: z.array(
    z.object({ offeringId: id, occurrenceId: id, title: z.string(), start: timestamp, tickets: z.int(), persons: z.int(), attended: z.int() }),
  ),
});
export type DoorToday = z.infer<typeof doorToday>;
export const organisationPath = z.object({ id });

export const cohortPath = z.object({ id });
const booleanFlag = z.enum(['true', 'false'], { error: 'trueOrFalse' }).transform((v) => v === 'true');
export const recipientsQuery = z.object({ audience: z.enum(messageAudiences, { error: 'unknownAudience' }), essential: booleanFlag });
/** Families a cohort message would reach by email, and those of the audience who get letters only. */
export const recipientCount = z.object({ recipients: z.int().min(0), byLetterOnly: z.int().min(0) });
export type RecipientCount = z.infer<typeof recipientCount>;
export const cohortMessageSent = recipientCount.extend({ sent: z.int().min(0) });
export type CohortMessageSent = z.infer<typeof cohortMessageSent>;
export { cohortMessage };
