import * as z from 'zod';
import { locale, localizedText } from '../locale.ts';
import { accessibilityFeature, area, offeringLanguage } from '../vocabularies.ts';
import { email, id, timestamp, versioned } from './common.ts';

/**
 * The culture-godchild module: cohorts of children by birth year, families who register them,
 * allocation rounds that match families to experiences, invitations, tickets and the door.
 * Data minimisation: a child is a birth year, a postal code, home languages and an optional
 * first name; nothing else is asked or stored.
 */

/** How many persons one invitation lets in, beside the children of the family's cohort. */
export const inviteKinds = ['child-and-one', 'child-and-up-to-two', 'family'] as const;
export const inviteKind = z.enum(inviteKinds);
export type InviteKind = z.infer<typeof inviteKind>;

/** Who comes with the cohort's children: what the persons counted per invitation depend on. */
export type Party = { children: number; guardians: 1 | 2; otherChildren: number };

/** Persons one family takes in an occurrence: its children of the cohort and who may come with them. */
export function personsFor(party: Party, invite: InviteKind): number {
  if (invite === 'child-and-one') return party.children + 1;
  if (invite === 'child-and-up-to-two') return party.children + Math.min(party.guardians, 2);
  return party.children + party.guardians + party.otherChildren;
}

export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
/** ISO weekday: Monday 1 … Sunday 7. */
export const weekday = z.int({ error: 'unknownWeekday' }).min(1, { error: 'unknownWeekday' }).max(7, { error: 'unknownWeekday' });
export const timesOfDay = ['morning', 'afternoon', 'evening'] as const;
export const timeOfDay = z.enum(timesOfDay, { error: 'unknownTimeOfDay' });
export type TimeOfDay = z.infer<typeof timeOfDay>;

/** The Helsinki hour at which an occurrence's time of day changes: before 12 morning, before 17 afternoon. */
export function timeOfDayOf(helsinkiHour: number): TimeOfDay {
  return helsinkiHour < 12 ? 'morning' : helsinkiHour < 17 ? 'afternoon' : 'evening';
}

/** A postal code (5 digits) or a prefix of one (2–4 digits) that a municipality's codes start with. */
export const postalCodeRule = z.string().regex(/^\d{2,5}$/, { error: 'invalidPostalCodeRule' });
export const postalCode = z.string().trim().regex(/^\d{5}$/, { error: 'invalidPostalCode' });

/** One cohort per birth year, managed by the platform admin. */
export const cohort = z
  .object({
    id,
    birthYear: z.int().min(2000).max(2100),
    /** The municipality's postal codes, or their prefixes: a child living elsewhere is not eligible. */
    postalCodes: z.array(postalCodeRule).min(1).max(200),
    /** Experiences per child per calendar year (Helsinki), counting round invitations accepted and first-come enrolments. */
    yearlyLimit: z.int().min(1).max(20).default(2),
    /** A closed cohort takes no new children and opens no rounds. */
    active: z.boolean().default(true),
  })
  .extend(versioned.shape);
export type Cohort = z.infer<typeof cohort>;

export const cohortInput = cohort.pick({ birthYear: true, postalCodes: true, yearlyLimit: true, active: true });
export type CohortInput = z.infer<typeof cohortInput>;
export const cohortUpdate = cohortInput.omit({ birthYear: true }).extend({ version: cohort.shape.version });
export type CohortUpdate = z.infer<typeof cohortUpdate>;

/** A registered child. Birth year is fixed once set: it decides the cohort. */
export const child = z
  .object({
    id,
    familyId: id,
    cohortId: id,
    birthYear: z.int().min(2000).max(2100),
    postalCode,
    homeLanguages: z.array(offeringLanguage).min(1).max(6),
    firstName: z.string().trim().min(1).max(40).optional(),
    /** Experiences attended or accepted over all years: fewer are served first in a round. */
    pastExperiences: z.int().min(0).default(0),
  })
  .extend(versioned.shape);
export type Child = z.infer<typeof child>;

export const childInput = child.pick({ birthYear: true, postalCode: true, homeLanguages: true, firstName: true });
export type ChildInput = z.infer<typeof childInput>;
/** An edit: everything but the birth year (a changed birth year is refused with `birthYearFixed`). */
export const childUpdate = childInput.extend({ version: child.shape.version, birthYear: child.shape.birthYear.optional() });
export type ChildUpdate = z.infer<typeof childUpdate>;

/** A family: one or two guardians (signed-in persons) and their children. */
export const family = z
  .object({
    id,
    guardianIds: z.array(id).min(1).max(2),
    /** The address invitations and tickets go to: the first guardian's; absent for a family served by letter. */
    email: email.optional(),
    /** The language of every message to the family. */
    locale,
    /** Non-essential mail (news, general messages); invitations, tickets and reminders always go. */
    nonEssentialMail: z.boolean().default(false),
  })
  .extend(versioned.shape);
export type Family = z.infer<typeof family>;

export const familySettings = family.pick({ locale: true, nonEssentialMail: true }).extend({ version: family.shape.version.optional() });
export type FamilySettings = z.infer<typeof familySettings>;

export const secondGuardianInvitation = z.object({ email: email.transform((a) => a.toLowerCase()) });

/** Use of a child's yearly limit: `CHILD#<id>` / `YEAR#<yyyy>`, moved only by conditional writes. */
export const childYear = z.object({
  childId: id,
  year: z.int(),
  used: z.int().min(0),
  /** Event groups the child has an event of this year: a second event of a group is refused. */
  eventGroups: z.array(z.string()).default([]),
});
export type ChildYear = z.infer<typeof childYear>;

/** An offering targeted at a cohort is an experience: families, not school groups, take part. */
export const experienceTarget = z.object({
  cohortId: id,
  invite: inviteKind,
  /** A short label shared by experiences of which a child gets at most one, e.g. "concert-2027". */
  eventGroup: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, { error: 'invalidEventGroup' }).optional(),
});
export type ExperienceTarget = z.infer<typeof experienceTarget>;

/** What a family wishes of a round's occurrences. Accessibility needs are kept strictly; the rest as well as possible. */
export const preferences = z.object({
  languages: z.array(offeringLanguage).max(6).default([]),
  areas: z.array(area).max(20).default([]),
  weekdays: z.array(weekday).max(7).default([]),
  timesOfDay: z.array(timeOfDay).max(3).default([]),
  accessibilityNeeds: z.array(accessibilityFeature).max(4).default([]),
  /** Guardians coming: counted for invitations that let one or two in. */
  guardians: z.union([z.literal(1), z.literal(2)]).default(1),
  /** Other children coming when the invitation is for the whole family. */
  otherChildren: z.int().min(0).max(6).default(0),
});
export type Preferences = z.infer<typeof preferences>;

export const roundStatuses = ['open', 'committed', 'closed'] as const;
/**
 * A round for one cohort: `open` takes preferences until the deadline, the admin previews the
 * allocation (as often as wanted) and commits it: invitations go out (`committed`). Closing it
 * opens the leftover seats for first-come enrolment.
 */
export const round = z
  .object({
    id,
    cohortId: id,
    name: localizedText(120),
    status: z.enum(roundStatuses),
    preferencesDeadline: timestamp,
    /** Invitations must be answered within this many days of being sent. */
    respondDays: z.int().min(1).max(30).default(7),
    /** A seat offered on from the round's waitlist is held this many hours. */
    offerHoldHours: z.int().min(1).max(240).default(48),
    /** The matcher's seed: the same seed and data give the same allocation. */
    seed: z.string().min(1).max(64),
    committedAt: timestamp.optional(),
    closedAt: timestamp.optional(),
  })
  .extend(versioned.shape);
export type Round = z.infer<typeof round>;

export const roundInput = round.pick({ name: true, preferencesDeadline: true, respondDays: true, offerHoldHours: true }).extend({
  seed: round.shape.seed.optional(),
});
export type RoundInput = z.infer<typeof roundInput>;

export const invitationStatuses = ['offered', 'accepted', 'declined', 'expired', 'cancelled'] as const;
export const invitationStatus = z.enum(invitationStatuses);
export type InvitationStatus = z.infer<typeof invitationStatus>;

/** An invitation to one occurrence for one family's children of the cohort; `offered` holds its seats. */
export const invitation = z.object({
  id,
  roundId: id,
  cohortId: id,
  familyId: id,
  childIds: z.array(id).min(1),
  offeringId: id,
  occurrenceId: id,
  persons: z.int().min(1),
  status: invitationStatus,
  /** `allocation`: from the committed round; `waitlist`: a freed seat offered on. */
  source: z.enum(['allocation', 'waitlist']),
  respondBy: timestamp,
  /** For letters: typed on the public accept page; 10 characters of an unambiguous alphabet. */
  acceptCode: z.string().regex(/^[A-HJ-NP-Z2-9]{10}$/),
  delivery: z.enum(['email', 'letter']),
  ticketId: id.optional(),
  answeredAt: timestamp.optional(),
  createdAt: timestamp,
});
export type Invitation = z.infer<typeof invitation>;

export const ticketStatuses = ['valid', 'cancelled'] as const;
/** Entry for one family to one occurrence: from an accepted invitation or a first-come enrolment. */
export const ticket = z.object({
  id,
  cohortId: id,
  familyId: id,
  childIds: z.array(id).min(1),
  offeringId: id,
  occurrenceId: id,
  organisationId: id,
  /** The venue the occurrence is at (its own or the offering's); absent for an experience not at a venue. */
  venueId: id.optional(),
  persons: z.int().min(1),
  source: z.enum(['round', 'first-come']),
  invitationId: id.optional(),
  status: z.enum(ticketStatuses),
  /** Set once, by the first door check that finds the ticket valid. */
  usedAt: timestamp.optional(),
  usedBy: id.optional(),
  createdAt: timestamp,
});
export type Ticket = z.infer<typeof ticket>;

/** A ticket code as printed and in the QR: `<ticket id>.<signature>`; typed codes are upper-cased by the reader. */
export const ticketCode = z.string().trim().min(10).max(200, { error: 'ticketCodeInvalid' });

/** What the door sees. */
export const doorCheckResults = ['valid', 'already-used', 'wrong-day', 'cancelled', 'not-this-organisation', 'not-this-venue', 'invalid'] as const;
/** `venueId`: the venue whose door this is, when the organisation has several; a ticket for another of its venues is `not-this-venue`. */
export const doorCheck = z.object({ organisationId: id, venueId: id.optional(), code: ticketCode });
export const doorCheckAnswer = z.object({
  result: z.enum(doorCheckResults),
  /** When the ticket was marked used (for `already-used` and `valid`). */
  usedAt: timestamp.optional(),
  ticket: ticket.pick({ id: true, persons: true, occurrenceId: true, offeringId: true }).extend({ children: z.int(), start: timestamp, title: z.string() }).optional(),
});
export type DoorCheckAnswer = z.infer<typeof doorCheckAnswer>;

export const messageAudiences = ['invited', 'enrolled', 'attended', 'waiting'] as const;
/** An admin's message to a cohort's families; non-essential messages go only to families who accepted them. */
export const cohortMessage = z.object({
  audience: z.enum(messageAudiences),
  essential: z.boolean(),
  subject: localizedText(160),
  body: localizedText(5000),
});
export type CohortMessage = z.infer<typeof cohortMessage>;

// Families, cohorts and experiences as the API answers them.

export const cohortPath = z.object({ id });
/** Every cohort, closed ones too, for the platform admin. */
export const cohortList = z.object({ items: z.array(cohort) });
/** What anyone may read of the cohorts served: a family's page and the registration form need the birth years. */
export const publicCohort = cohort.pick({ id: true, birthYear: true, yearlyLimit: true, postalCodes: true });
export type PublicCohort = z.infer<typeof publicCohort>;
export const publicCohortList = z.object({ items: z.array(publicCohort) });

/** Registration takes exactly these fields: anything else is refused, not silently stored. */
export const childRegistration = childInput.strict();
export const childEdit = childUpdate.strict();
export const childPath = z.object({ id });
export const familySettingsInput = familySettings.strict();
export const secondGuardianInvitationInput = secondGuardianInvitation.strict();
/** The secret of a second guardian's emailed link: 32 random bytes, base64url. */
export const guardianInvitationToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'guardianInvitationInvalid' });
export const guardianInvitationPath = z.object({ token: guardianInvitationToken });

/** A child as its guardians see it: its cohort and this year's use of the yearly limit. */
export const familyChild = child.extend({
  cohort: cohort.pick({ id: true, birthYear: true, yearlyLimit: true, active: true }),
  thisYear: z.object({ year: z.int(), used: z.int().min(0), limit: z.int().min(1) }),
});
export type FamilyChild = z.infer<typeof familyChild>;

/**
 * The signed-in guardian's family. Other parts of the module (rounds, invitations, tickets)
 * have pages of their own and may add their own fields here.
 */
export const familyView = z.object({
  family,
  guardians: z.array(z.object({ personId: id, email })),
  children: z.array(familyChild),
});
export type FamilyView = z.infer<typeof familyView>;
/** Signed in without a family yet: what the family page shows before the first child. */
export const myFamily = z.object({ family: familyView.nullable() });
export type MyFamily = z.infer<typeof myFamily>;

export const guardianInvitationSent = z.object({ email, validUntil: timestamp });

/** An experience's upcoming occurrence as families and the admin see it. */
export const experienceOccurrence = z.object({
  id,
  start: timestamp,
  end: timestamp,
  venue: z.object({ id, name: localizedText(200), area: area.optional() }).optional(),
  languages: z.array(offeringLanguage),
  capacity: z.object({ unit: z.literal('persons'), total: z.int() }),
  seatsFree: z.int(),
});
export const cohortExperience = z.object({
  id,
  organisationId: id,
  title: localizedText(120),
  shortDescription: localizedText(160),
  godchild: experienceTarget,
  occurrences: z.array(experienceOccurrence),
});
export type CohortExperience = z.infer<typeof cohortExperience>;
export const cohortExperiences = z.object({ items: z.array(cohortExperience) });
