import { ulid } from 'ulid';
import type {
  Cohort,
  CohortExperience,
  CohortInput,
  CohortUpdate,
  PublicCohort,
} from '../../shared/schemas/godchild.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import { getCohort, listCohorts, putNewCohort, replaceCohort } from '../db/cohort.ts';
import { listOccurrencesOfOffering, listOfferingsOfCohort } from '../db/offering.ts';
import { getVenues } from '../db/venue.ts';
import { seatsFreeOf } from './availability.ts';
import { ConflictError, ResourceNotFoundError } from './errors.ts';
import { requireSaved, requireVersion } from './versioned.ts';

export { getCohort, getCohortOfBirthYear, listCohorts } from '../db/cohort.ts';

/**
 * Cohorts of the culture-godchild module: one per birth year, managed by the platform admin
 * (the routes let only admins in), with the municipality's postal codes and the yearly limit.
 * Experiences are offerings targeted at a cohort; this module lists them for families, rounds
 * and first-come enrolment.
 */

const cohortMissing = () => new ResourceNotFoundError('cohortNotFound', { in: 'path', path: ['id'], message: 'notFound' });

/** Postal-code rules as stored: without repeats, in order. */
const rulesOf = (codes: string[]) => [...new Set(codes)].sort();

/** Use case (platform admin): a new cohort; a second one for the same birth year is a 409. */
export async function createCohort(input: CohortInput, now = new Date()): Promise<Cohort> {
  const at = now.toISOString();
  const value: Cohort = {
    id: ulid(),
    birthYear: input.birthYear,
    postalCodes: rulesOf(input.postalCodes),
    yearlyLimit: input.yearlyLimit,
    active: input.active,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const outcome = await putNewCohort(value);
  if (outcome === 'yearTaken') throw new ConflictError('cohortYearTaken', [{ in: 'body', path: ['birthYear'], message: 'cohortYearTaken' }]);
  return value;
}

/** Use case (platform admin): edit a cohort from the version read; the birth year never changes. */
export async function updateCohort(id: string, input: CohortUpdate, now = new Date()): Promise<Cohort> {
  const current = await getCohort(id, { consistent: true });
  if (!current) throw cohortMissing();
  requireVersion(current, input);
  const next: Cohort = {
    ...current,
    postalCodes: rulesOf(input.postalCodes),
    yearlyLimit: input.yearlyLimit,
    active: input.active,
    version: input.version + 1,
    updatedAt: now.toISOString(),
  };
  requireSaved(await replaceCohort(next, input.version), cohortMissing);
  return next;
}

/** Use case (platform admin): one cohort as stored. */
export async function getCohortForAdmin(id: string): Promise<Cohort> {
  const found = await getCohort(id, { consistent: true });
  if (!found) throw cohortMissing();
  return found;
}

/** Use case (platform admin): every cohort, closed ones too, by birth year. */
export async function listAllCohorts(): Promise<{ items: Cohort[] }> {
  return { items: await listCohorts() };
}

/** Use case (anyone): the cohorts served now, by birth year. */
export async function listServedCohorts(): Promise<{ items: PublicCohort[] }> {
  const served = (await listCohorts()).filter((c) => c.active);
  return { items: served.map(({ id, birthYear, yearlyLimit, postalCodes }) => ({ id, birthYear, yearlyLimit, postalCodes })) };
}

export type Experience = { offering: Offering; occurrences: Occurrence[] };

/**
 * The published experiences of a cohort, each with its occurrences still to come and not
 * cancelled (soonest first). One Query on the cohort's index, then one per offering for its
 * occurrences. For families' pages, allocation rounds and first-come enrolment.
 */
export async function listExperiencesOfCohort(cohortId: string, now = new Date()): Promise<Experience[]> {
  const offerings = await listOfferingsOfCohort(cohortId, { status: 'published' });
  const found = await Promise.all(
    offerings.map(async (offering) => ({
      offering,
      occurrences: (await listOccurrencesOfOffering(offering.id))
        .filter((o) => !o.cancelled && Date.parse(o.start) > now.getTime())
        .sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id)),
    })),
  );
  return found.sort((a, b) => (a.occurrences[0]?.start ?? '~').localeCompare(b.occurrences[0]?.start ?? '~') || a.offering.id.localeCompare(b.offering.id));
}

/** Use case (anyone): a cohort's experiences with their upcoming times, places and free seats. */
export async function viewExperiencesOfCohort(cohortId: string, now = new Date()): Promise<{ items: CohortExperience[] }> {
  if (!(await getCohort(cohortId))) throw cohortMissing();
  const experiences = await listExperiencesOfCohort(cohortId, now);
  const venueIdOf = (offering: Offering, o: Occurrence) => o.venueId ?? (offering.location.kind === 'venue' ? offering.location.venueId : undefined);
  const venueIds = experiences.flatMap(({ offering, occurrences }) => occurrences.map((o) => venueIdOf(offering, o)));
  const venues = await getVenues([...new Set(venueIds.filter((v): v is string => v !== undefined))]);
  return {
    items: experiences.map(({ offering, occurrences }) => ({
      id: offering.id,
      organisationId: offering.organisationId,
      title: offering.title,
      shortDescription: offering.shortDescription,
      godchild: offering.godchild!,
      occurrences: occurrences
        .filter((o) => o.capacity.unit === 'persons')
        .map((o) => {
          const venue = venues.get(venueIdOf(offering, o) ?? '');
          return {
            id: o.id,
            start: o.start,
            end: o.end,
            venue: venue ? { id: venue.id, name: venue.name, area: venue.area } : undefined,
            languages: o.languages,
            capacity: { unit: 'persons' as const, total: o.capacity.total },
            seatsFree: seatsFreeOf(o),
          };
        }),
    })),
  };
}
