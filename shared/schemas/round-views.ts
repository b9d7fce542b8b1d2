import * as z from 'zod';
import { locale, localizedText } from '../locale.ts';
import { id, timestamp } from './common.ts';
import { invitation, inviteKind, preferences, round } from './godchild.ts';

/**
 * What the API answers about allocation rounds and invitations (slice B of the culture-godchild
 * module): the admin's preview and letters, the guardian's rounds and invitations. The stored
 * entities are in godchild.ts; these are their read views.
 */

export const roundPath = z.object({ id });
export const invitationCodePath = z.object({ code: z.string().trim().toUpperCase().regex(/^[A-HJ-NP-Z2-9]{10}$/, { error: 'acceptCodeInvalid' }) });
export const roundList = z.object({ items: z.array(round) });

/** A child as the round's pages show it: the first name only when the guardian gave one. */
export const childLabel = z.object({ id, firstName: z.string().optional() });

/** One occurrence of the round as the preview fills it. */
export const previewOccurrence = z.object({
  occurrenceId: id,
  offeringId: id,
  title: localizedText(500),
  start: timestamp,
  end: timestamp,
  invite: inviteKind,
  /** Free persons when the preview was taken. */
  capacity: z.int().min(0),
  assignedPersons: z.int().min(0),
  /** Share of the free persons the allocation fills, 0..1. */
  fillRate: z.number().min(0).max(1),
});

export const unassignedReasons = ['yearly-limit', 'no-suitable-occurrence', 'no-capacity'] as const;
export const previewUnassigned = z.object({ familyId: id, children: z.array(childLabel), reason: z.enum(unassignedReasons) });

export const previewAssignment = z.object({
  familyId: id,
  childIds: z.array(id).min(1),
  offeringId: id,
  occurrenceId: id,
  persons: z.int().min(1),
  /** How well the occurrence meets the family's preferences, 0..1 (1 when none stated). */
  satisfaction: z.number().min(0).max(1),
});

/** The allocation a round would make on the data as it was when the preview was taken. */
export const roundPreview = z.object({
  roundId: id,
  takenAt: timestamp,
  seed: z.string(),
  /** A digest of the matcher's input: a commit is refused when today's input digests otherwise. */
  inputDigest: z.string(),
  stats: z.object({
    families: z.int().min(0),
    children: z.int().min(0),
    childrenAssigned: z.int().min(0),
    shareAssigned: z.number().min(0).max(1),
    meanSatisfaction: z.number().min(0).max(1),
  }),
  occurrences: z.array(previewOccurrence),
  unassigned: z.array(previewUnassigned),
  assignments: z.array(previewAssignment),
});
export type RoundPreview = z.infer<typeof roundPreview>;

/** The answer of a commit: how many invitations were written, by email and by letter, and how many families wait. */
export const commitAnswer = z.object({
  round,
  invitations: z.int().min(0),
  letters: z.int().min(0),
  waitlisted: z.int().min(0),
  /** False while invitations are still being written (a large cohort): the round-commit job goes on, and a repeated commit answers the progress. */
  complete: z.boolean(),
});
export type CommitAnswer = z.infer<typeof commitAnswer>;

/** An invitation as its family (or the holder of its letter) sees it. */
export const invitationView = invitation.omit({ acceptCode: true }).extend({
  roundName: localizedText(120),
  title: localizedText(500),
  start: timestamp,
  end: timestamp,
  /** Where, as one line in the reader's language. */
  place: z.string(),
  children: z.array(childLabel),
});
export type InvitationView = z.infer<typeof invitationView>;
export const invitationList = z.object({ items: z.array(invitationView) });

/**
 * What the holder of a letter's code sees: the invitation without the family's, children's,
 * round's and ticket's ids; once accepted, the ticket's code and QR code to print or note down.
 */
export const publicInvitationView = invitationView
  .omit({ familyId: true, childIds: true, cohortId: true, roundId: true, offeringId: true, occurrenceId: true, ticketId: true })
  .extend({ ticket: z.object({ code: z.string(), qrSvg: z.string() }).optional() });
export type PublicInvitationView = z.infer<typeof publicInvitationView>;

/** A printable letter for a family without email: the invitation, its code and how to answer. */
export const invitationLetter = invitationView.extend({ acceptCode: invitation.shape.acceptCode, locale, acceptUrl: z.string() });
export type InvitationLetter = z.infer<typeof invitationLetter>;
export const letterList = z.object({ items: z.array(invitationLetter) });

/** A round open to a guardian's family, with what the family has said so far. */
export const familyRound = z.object({
  round: round.pick({ id: true, cohortId: true, name: true, status: true, preferencesDeadline: true }),
  /** Preferences may still be stated or changed. */
  acceptsPreferences: z.boolean(),
  preferences: preferences.nullable(),
  children: z.array(childLabel),
});
export type FamilyRound = z.infer<typeof familyRound>;
export const familyRoundList = z.object({ items: z.array(familyRound) });
