/**
 * What providers see and get back when managing their offerings (`/api/v1/manage/...` and an
 * organisation's offering list). Unlike the public shapes in api.ts, these show every status,
 * past and cancelled occurrences, seats taken and the versions edits must send back.
 */
import * as z from 'zod';
import { id, timestamp } from './common.ts';
import { occurrence } from './occurrence.ts';
import { offering } from './offering.ts';
import { organisation } from './organisation.ts';

export const organisationPath = z.object({ id });
export const managedOfferingPath = z.object({ id });
export const managedOccurrencePath = z.object({ id, occurrenceId: id });

/** An offering as its provider edits it: any status, every occurrence (past and cancelled too), sorted by start. */
export const managedOffering = offering.extend({
  organisation: organisation.pick({ id: true, name: true, status: true }),
  occurrences: z.array(occurrence),
});
export type ManagedOffering = z.infer<typeof managedOffering>;

/** One line of an organisation's offering list. Counts are of upcoming (not started, not cancelled) occurrences. */
export const organisationOfferingSummary = offering
  .pick({ id: true, status: true, title: true, studyLevels: true, version: true, createdAt: true, updatedAt: true })
  .extend({
    upcomingOccurrences: z.int().min(0),
    /** Seats taken on the upcoming occurrences, summed (persons or groups, by each occurrence's unit). */
    seatsTaken: z.int().min(0),
    nextStart: timestamp.optional(),
  });
export type OrganisationOfferingSummary = z.infer<typeof organisationOfferingSummary>;

/** Drafts, published and unpublished offerings of an organisation, newest first. */
export const organisationOfferings = z.object({ items: z.array(organisationOfferingSummary) });
export type OrganisationOfferings = z.infer<typeof organisationOfferings>;

export const addedOccurrences = z.object({ occurrences: z.array(occurrence) });
export type AddedOccurrences = z.infer<typeof addedOccurrences>;

/**
 * An occurrence after an edit or a cancellation. `notifyEnrolled` is true when groups hold
 * seats on it and what they booked changed (start, end or venue) or was cancelled: the
 * enrolment issue sends them the notice (through the outbox) from this answer's use case.
 */
export const occurrenceChange = z.object({ occurrence, notifyEnrolled: z.boolean() });
export type OccurrenceChange = z.infer<typeof occurrenceChange>;
