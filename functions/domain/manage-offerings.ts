import { monotonicFactory, ulid } from 'ulid';
import type { NewOccurrences, Occurrence, OccurrenceCancellation, OccurrenceUpdate } from '../../shared/schemas/occurrence.ts';
import type { Offering, OfferingInput, OfferingStatus, OfferingVersion } from '../../shared/schemas/offering.ts';
import type {
  AddedOccurrences,
  ManagedOffering,
  OccurrenceChange,
  OrganisationOfferings,
  OrganisationOfferingSummary,
} from '../../shared/schemas/offering-management.ts';
import { weeklySeries } from '../../shared/recurrence.ts';
import {
  cancelOccurrence as cancelStoredOccurrence,
  getOccurrence,
  getOffering,
  getOfferingStatus,
  getOfferingWithOccurrences,
  listOccurrencesOfOffering,
  listOfferingsOfOrganisation,
  publishOffering as publishStoredOffering,
  putNewOccurrences,
  putNewOffering,
  replaceOffering,
  unpublishOffering as unpublishStoredOffering,
  updateOccurrence as updateStoredOccurrence,
  type OccurrenceRefusal,
} from '../db/offering.ts';
import { getCohort } from '../db/cohort.ts';
import { getImageRecord } from '../db/image.ts';
import { getOrganisation } from '../db/organisation.ts';
import { getVenues } from '../db/venue.ts';
import { logger } from '../logger.ts';
import { afterOccurrenceEdit, cancelEnrolmentsOfOccurrence } from './manage-enrolment.ts';
import { requireActFor, type Actor } from './actor.ts';
import { cancelBookingsOfCancelledOccurrence, tellFamiliesOfChangedOccurrence } from './experience-cancellation.ts';
import { refreshCatalogueEntry } from './catalogue.ts';
import { ConflictError, ResourceNotFoundError, ValidationError, invalidField, type FieldProblem } from './errors.ts';
import { unknownTerms } from './vocabularies.ts';

/**
 * Providers' use cases for their offerings: create, edit, copy, publish, unpublish, list, and
 * add, edit and cancel occurrences. Members of an organisation (and platform admins) act for
 * it. Edits carry the version the person read and are saved only while it is still stored
 * (a condition in the write), so nobody silently overwrites someone else's changes. Every
 * write that changes what public search shows rebuilds the offering's catalogue entry.
 */

const notYours = (path: string): FieldProblem => ({ in: 'path', path: [path], message: 'notYourOrganisation' });
const offeringMissing = () => new ResourceNotFoundError('noSuchOffering', { in: 'path', path: ['id'], message: 'notFound' });
const occurrenceMissing = () => new ResourceNotFoundError('noSuchOccurrence', { in: 'path', path: ['occurrenceId'], message: 'notFound' });
const staleVersion = () => new ConflictError('staleVersion', [{ in: 'body', path: ['version'], message: 'staleVersion' }]);

/** Timestamps are stored as `toISOString()` gives them, so that stored times compare as strings. */
const iso = (timestamp: string) => new Date(timestamp).toISOString();

/** The offering named in the path, if the actor may act for its organisation. */
async function offeringToManage(actor: Actor, id: string): Promise<Offering> {
  const offering = await getOffering(id);
  if (!offering) throw offeringMissing();
  requireActFor(actor, offering.organisationId, notYours('id'));
  return offering;
}

/** Why a venue cannot be used by an organisation's offering, if it cannot. */
async function venueProblem(organisationId: string, venueId: string): Promise<string | undefined> {
  const venue = (await getVenues([venueId])).get(venueId);
  if (!venue) return 'unknownVenue';
  if (venue.organisationId !== organisationId) return 'venueOfAnotherOrganisation';
  return undefined;
}

/**
 * Checks what an offering refers to: its venue belongs to the organisation, its categories and
 * keywords are terms in use. Terms and a venue it already had are kept without a check, so an
 * offering stays editable after an admin retires one of its terms.
 */
/** An image an offering may show: one uploaded for its own organisation. */
async function imageProblem(organisationId: string, url: string): Promise<string | undefined> {
  const record = await getImageRecord(url.slice('/images/'.length));
  return record?.organisationId === organisationId ? undefined : 'unknownImage';
}

async function checkReferences(organisationId: string, input: OfferingInput, previous?: Offering): Promise<void> {
  const added = (ids: string[], had: string[] = []) => ids.filter((id) => !had.includes(id));
  const venueId = input.location.kind === 'venue' ? input.location.venueId : undefined;
  const previousVenueId = previous?.location.kind === 'venue' ? previous.location.venueId : undefined;
  const imageUrl = input.image?.url;
  const cohortId = input.godchild?.cohortId;
  const [categories, keywords, venue, image, cohort] = await Promise.all([
    unknownTerms('category', added(input.categories, previous?.categories)),
    unknownTerms('keyword', added(input.keywords, previous?.keywords)),
    venueId && venueId !== previousVenueId ? venueProblem(organisationId, venueId) : undefined,
    imageUrl && imageUrl !== previous?.image?.url ? imageProblem(organisationId, imageUrl) : undefined,
    cohortId ? getCohort(cohortId) : undefined,
  ]);
  const problems: FieldProblem[] = [
    ...input.categories.flatMap((id, i) => (categories.includes(id) ? [{ in: 'body' as const, path: ['categories', i], message: 'unknownOrRetiredTerm' }] : [])),
    ...input.keywords.flatMap((id, i) => (keywords.includes(id) ? [{ in: 'body' as const, path: ['keywords', i], message: 'unknownOrRetiredTerm' }] : [])),
    ...(venue ? [{ in: 'body' as const, path: ['location', 'venueId'], message: venue }] : []),
    ...(image ? [{ in: 'body' as const, path: ['image', 'url'], message: image }] : []),
    ...(cohortId && !cohort ? [{ in: 'body' as const, path: ['godchild', 'cohortId'], message: 'unknownCohort' }] : []),
  ];
  if (problems.length > 0) throw new ValidationError(problems);
}

/** The fields a provider controls, as stored: terms without repeats, times normalised. */
function offeringFields(input: OfferingInput): OfferingInput {
  return {
    title: input.title,
    shortDescription: input.shortDescription,
    description: input.description,
    image: input.image,
    categories: [...new Set(input.categories)],
    keywords: [...new Set(input.keywords)],
    studyLevels: [...new Set(input.studyLevels)],
    languages: [...new Set(input.languages)],
    durationMinutes: input.durationMinutes,
    priceCents: input.priceCents,
    priceInfo: input.priceInfo,
    location: input.location,
    contact: input.contact,
    enrolment: { ...input.enrolment, opensAt: input.enrolment.opensAt && iso(input.enrolment.opensAt) },
    godchild: input.godchild,
  };
}

/**
 * An experience's occurrences count capacity in persons (a family brings a number of persons),
 * so a new or edited occurrence of one counting groups is refused on the field to fix.
 */
function requirePersonsForExperience(offering: Pick<Offering, 'godchild'>, capacity: Occurrence['capacity']): void {
  if (offering.godchild && capacity.unit !== 'persons') throw invalidField(['capacity', 'unit'], 'experienceCountsPersons');
}

/**
 * Rebuilds the catalogue entry when search shows the offering. A status read before the write
 * other than `published` is read again after it: had the offering been published in between,
 * the publication's own rebuild may have read the occurrences before this write landed.
 */
async function refreshSearch(offeringId: string, statusRead: OfferingStatus): Promise<void> {
  await rebuildEntry(offeringId, async () => (statusRead === 'published' ? statusRead : await getOfferingStatus(offeringId)) === 'published');
}

/**
 * Rebuilds an offering's search entry after a change that is already saved. A failure is
 * logged, not answered as a fault: a 500 for a saved change would have the person send it again
 * (adding a weekly series twice). The next change or the catalogue upkeep rebuilds the entry.
 */
async function rebuildEntry(offeringId: string, shown: () => Promise<boolean> = async () => true): Promise<void> {
  try {
    if (await shown()) await refreshCatalogueEntry(offeringId);
  } catch (error) {
    logger.error('Could not rebuild a catalogue entry after a saved change', { offeringId, error });
  }
}

/** Use case: a new draft in an organisation the actor acts for. */
export async function createOffering(actor: Actor, organisationId: string, input: OfferingInput, now = new Date()): Promise<Offering> {
  requireActFor(actor, organisationId, notYours('id'));
  if (!(await getOrganisation(organisationId))) {
    throw new ResourceNotFoundError('organisationNotFound', { in: 'path', path: ['id'], message: 'notFound' });
  }
  await checkReferences(organisationId, input);
  const at = now.toISOString();
  const value: Offering = { id: ulid(), organisationId, status: 'draft', ...offeringFields(input), version: 1, createdAt: at, updatedAt: at };
  if (!(await putNewOffering(value))) throw new Error(`Offering id ${value.id} already taken`);
  return value;
}

/** Use case: an offering as its provider edits it, whatever its status, with every occurrence and its seats taken. */
export async function getOfferingForEditing(actor: Actor, id: string): Promise<ManagedOffering> {
  const found = await getOfferingWithOccurrences(id);
  if (!found) throw offeringMissing();
  requireActFor(actor, found.offering.organisationId, notYours('id'));
  const organisation = await getOrganisation(found.offering.organisationId);
  if (!organisation) throw new Error(`Offering ${id} names a missing organisation`);
  return {
    ...found.offering,
    organisation: { id: organisation.id, name: organisation.name, status: organisation.status },
    occurrences: found.occurrences.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id)),
  };
}

/** Use case: save an edit made from `input.version`; every field the provider controls is replaced. */
export async function updateOffering(
  actor: Actor,
  id: string,
  input: OfferingInput & OfferingVersion,
  now = new Date(),
): Promise<Offering> {
  const current = await offeringToManage(actor, id);
  await checkReferences(current.organisationId, input, current);
  if (input.godchild && !current.godchild) {
    const occurrences = await listOccurrencesOfOffering(id);
    if (occurrences.some((o) => !o.cancelled && o.capacity.unit !== 'persons')) throw invalidField(['godchild'], 'experienceCountsPersons');
  }
  const next: Offering = {
    id: current.id,
    organisationId: current.organisationId,
    status: current.status,
    ...offeringFields(input),
    version: input.version + 1,
    createdAt: current.createdAt,
    updatedAt: now.toISOString(),
  };
  const outcome = await replaceOffering(next, input.version);
  if (outcome === 'stale') throw staleVersion();
  if (outcome === 'missing') throw offeringMissing();
  // The write held only at the version read, so `next.status` is the stored status.
  if (next.status === 'published') await rebuildEntry(id);
  return next;
}

/** Use case: a new draft with the same fields (title unchanged) in the same organisation; occurrences are not copied. */
export async function copyOffering(actor: Actor, id: string, now = new Date()): Promise<Offering> {
  const source = await offeringToManage(actor, id);
  const at = now.toISOString();
  const copy: Offering = { ...source, id: ulid(), status: 'draft', version: 1, createdAt: at, updatedAt: at };
  if (!(await putNewOffering(copy))) throw new Error(`Offering id ${copy.id} already taken`);
  return copy;
}

/**
 * Use case: publish a draft or unpublished offering. Needs an accepted organisation and at
 * least one future occurrence that is not cancelled; the write checks both in one transaction.
 * When the occurrence it relied on is cancelled at that very moment, it looks again.
 */
export async function publishOffering(actor: Actor, id: string, input: OfferingVersion, now = new Date()): Promise<Offering> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await getOfferingWithOccurrences(id);
    if (!found) throw offeringMissing();
    const { offering } = found;
    requireActFor(actor, offering.organisationId, notYours('id'));
    if (offering.status === 'published') throw new ConflictError('alreadyPublished');
    const next = found.occurrences
      .filter((o) => !o.cancelled && Date.parse(o.start) > now.getTime())
      .sort((a, b) => a.start.localeCompare(b.start))[0];
    if (!next) throw new ConflictError('publishNeedsFutureOccurrence');
    const outcome = await publishStoredOffering({
      offeringId: id,
      organisationId: offering.organisationId,
      expectedVersion: input.version,
      futureOccurrenceId: next.id,
      now,
    });
    if (outcome === 'stale') throw staleVersion();
    if (outcome === 'missing') throw offeringMissing();
    if (outcome === 'organisationNotAccepted') throw new ConflictError('organisationNotAccepted');
    if (outcome === 'published') {
      await rebuildEntry(id);
      return { ...offering, status: 'published', version: input.version + 1, updatedAt: now.toISOString() };
    }
  }
  throw new ConflictError('publishNeedsFutureOccurrence');
}

/** Use case: take a published offering out of public search; it stays editable and can be published again. */
export async function unpublishOffering(actor: Actor, id: string, input: OfferingVersion, now = new Date()): Promise<Offering> {
  const current = await offeringToManage(actor, id);
  if (current.status !== 'published') throw new ConflictError('notPublished');
  const outcome = await unpublishStoredOffering(id, input.version, now);
  if ('refused' in outcome) {
    if (outcome.refused === 'stale') throw staleVersion();
    if (outcome.refused === 'missing') throw offeringMissing();
    throw new ConflictError('notPublished');
  }
  await rebuildEntry(id);
  return outcome.saved;
}

/** Runs `task` over `items`, at most `limit` at a time, keeping their order. */
async function mapLimited<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Use case: an organisation's offerings of every status, newest first, each with its upcoming
 * (not started, not cancelled) occurrences counted, their seats taken and the next start.
 * One Query for the offerings, then one per offering for its occurrences, eight at a time.
 */
export async function listOrganisationOfferings(actor: Actor, organisationId: string, now = new Date()): Promise<OrganisationOfferings> {
  requireActFor(actor, organisationId, notYours('id'));
  const [organisation, offerings] = await Promise.all([getOrganisation(organisationId), listOfferingsOfOrganisation(organisationId)]);
  if (!organisation) throw new ResourceNotFoundError('organisationNotFound', { in: 'path', path: ['id'], message: 'notFound' });
  const items = await mapLimited(offerings, 8, async (offering): Promise<OrganisationOfferingSummary> => {
    const upcoming = (await listOccurrencesOfOffering(offering.id))
      .filter((o) => !o.cancelled && Date.parse(o.start) > now.getTime())
      .sort((a, b) => a.start.localeCompare(b.start));
    return {
      id: offering.id,
      status: offering.status,
      title: offering.title,
      studyLevels: offering.studyLevels,
      version: offering.version,
      createdAt: offering.createdAt,
      updatedAt: offering.updatedAt,
      upcomingOccurrences: upcoming.length,
      seatsTaken: upcoming.reduce((sum, o) => sum + o.seatsTaken, 0),
      nextStart: upcoming[0]?.start,
    };
  });
  return { items };
}

/** Occurrence ids sort by creation, and those of one series in its order. */
const occurrenceId = monotonicFactory();

/**
 * Use case: add one occurrence, or a weekly series of them (same Helsinki clock time every
 * week), all or none. A new occurrence starts in the future; its venue, if it has its own,
 * belongs to the offering's organisation.
 */
export async function addOccurrences(actor: Actor, offeringId: string, input: NewOccurrences, now = new Date()): Promise<AddedOccurrences> {
  const offering = await offeringToManage(actor, offeringId);
  requirePersonsForExperience(offering, input.capacity);
  const first = { start: iso(input.start), end: iso(input.end) };
  if (Date.parse(first.start) <= now.getTime()) throw invalidField(['start'], 'startInPast');
  if (input.venueId) {
    const problem = await venueProblem(offering.organisationId, input.venueId);
    if (problem) throw invalidField(['venueId'], problem);
  }
  const spans = input.repeatWeeklyUntil ? weeklySeries(first, input.repeatWeeklyUntil) : [first];
  const at = now.toISOString();
  const occurrences: Occurrence[] = spans.map((span) => ({
    id: occurrenceId(now.getTime()),
    offeringId,
    start: span.start,
    end: span.end,
    venueId: input.venueId,
    languages: [...new Set(input.languages)],
    capacity: input.capacity,
    groupSize: input.groupSize,
    seatsTaken: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
  }));
  await putNewOccurrences(occurrences);
  await refreshSearch(offeringId, offering.status);
  return { occurrences };
}

function refusalError(refusal: OccurrenceRefusal): Error {
  switch (refusal.refused) {
    case 'missing':
      return occurrenceMissing();
    case 'cancelled':
      return new ConflictError('occurrenceCancelled');
    case 'stale':
      return staleVersion();
    case 'belowSeatsTaken':
      return new ConflictError('capacityBelowSeatsTaken', [{ in: 'body', path: ['capacity', 'total'], message: 'capacityBelowSeatsTaken' }]);
  }
}

/** The offering and occurrence named in the path, if the actor may act for the offering's organisation. */
async function occurrenceToManage(actor: Actor, offeringId: string, id: string): Promise<{ offering: Offering; occurrence: Occurrence }> {
  const [offering, occurrence] = await Promise.all([getOffering(offeringId), getOccurrence(offeringId, id)]);
  if (!offering) throw offeringMissing();
  requireActFor(actor, offering.organisationId, notYours('id'));
  if (!occurrence) throw occurrenceMissing();
  if (occurrence.cancelled) throw new ConflictError('occurrenceCancelled');
  return { offering, occurrence };
}

/**
 * Use case: edit an occurrence from the version read. Capacity may not drop below the seats
 * taken (checked by the write itself, as enrolments move the counter). When its start, end or
 * venue change, the groups holding seats are told (`notifyEnrolled`); seats a raised capacity
 * frees go to the waitlist.
 */
export async function updateOccurrence(
  actor: Actor,
  offeringId: string,
  id: string,
  input: OccurrenceUpdate,
  now = new Date(),
): Promise<OccurrenceChange> {
  const { offering, occurrence: current } = await occurrenceToManage(actor, offeringId, id);
  requirePersonsForExperience(offering, input.capacity);
  const fields = {
    start: iso(input.start),
    end: iso(input.end),
    venueId: input.venueId,
    languages: [...new Set(input.languages)],
    capacity: input.capacity,
    groupSize: input.groupSize,
  };
  const timeChanged = fields.start !== iso(current.start) || fields.end !== iso(current.end);
  const venueChanged = fields.venueId !== current.venueId;
  if (fields.start !== iso(current.start) && Date.parse(fields.start) <= now.getTime()) throw invalidField(['start'], 'startInPast');
  if (fields.venueId && venueChanged) {
    const problem = await venueProblem(offering.organisationId, fields.venueId);
    if (problem) throw invalidField(['venueId'], problem);
  }
  const outcome = await updateStoredOccurrence({ offeringId, occurrenceId: id, fields, expectedVersion: input.version, now });
  if (!('saved' in outcome)) throw refusalError(outcome);
  await afterOccurrenceEdit(offeringId, current, outcome.saved, now);
  await tellFamiliesOfChangedOccurrence(offering, current, outcome.saved, now);
  await refreshSearch(offeringId, offering.status);
  return { occurrence: outcome.saved, notifyEnrolled: (timeChanged || venueChanged) && outcome.saved.seatsTaken > 0 };
}

/**
 * Use case: cancel an occurrence, for good, with a reason shown to teachers and families. Its
 * enrolments are cancelled and their teachers told why, in their language; an experience's
 * tickets and offered invitations are cancelled and their families told
 * (`cancelBookingsOfCancelledOccurrence`). `notifyEnrolled` says whether anyone was.
 */
export async function cancelOccurrence(
  actor: Actor,
  offeringId: string,
  id: string,
  input: OccurrenceCancellation,
  now = new Date(),
): Promise<OccurrenceChange> {
  const { offering } = await occurrenceToManage(actor, offeringId, id);
  const outcome = await cancelStoredOccurrence({
    offeringId,
    occurrenceId: id,
    cancelled: { at: now.toISOString(), reason: input.reason, by: actor.personId },
    expectedVersion: input.version,
    now,
  });
  if (!('saved' in outcome)) throw refusalError(outcome);
  const notified = (await cancelEnrolmentsOfOccurrence(offeringId, outcome.saved, now)) + (await cancelBookingsOfCancelledOccurrence(offering, outcome.saved, now));
  await refreshSearch(offeringId, offering.status);
  return { occurrence: outcome.saved, notifyEnrolled: notified > 0 };
}
