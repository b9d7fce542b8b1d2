import { createHash } from 'node:crypto';
import type { Child, Cohort, Preferences, Round } from '../../shared/schemas/godchild.ts';
import { timeOfDayOf } from '../../shared/schemas/godchild.ts';
import type { Occurrence } from '../../shared/schemas/occurrence.ts';
import type { Offering } from '../../shared/schemas/offering.ts';
import type { RoundPreview } from '../../shared/schemas/round-views.ts';
import type { Venue } from '../../shared/schemas/venue.ts';
import { helsinkiHourOf, localDateOf } from '../../shared/time.ts';
import { getChildYears } from '../db/child-year.ts';
import { getCohort } from '../db/cohort.ts';
import { listChildrenOfCohort } from '../db/family.ts';
import { listPreferencesOfRound } from '../db/round.ts';
import { getVenues } from '../db/venue.ts';
import { listExperiencesOfCohort } from './cohorts.ts';
import { ResourceNotFoundError } from './errors.ts';
import type { MatchInput, MatchOccurrence, MatchResult, MatchUnit, Weekday } from './matcher.ts';

/**
 * Turns a round's stored data into the matcher's input, and its result into what the admin
 * previews and the commit writes. The input is made in a fixed order (units and occurrences by
 * id), so its digest changes exactly when the data the allocation depends on changes: a commit
 * compares today's digest with the preview's to refuse a stale preview.
 */

/** An occurrence of the round with what the preview and the invitations say about it. */
export type RoundOccurrence = { offering: Offering; occurrence: Occurrence; venue?: Venue; free: number };

export type RoundData = {
  round: Round;
  cohort: Cohort;
  /** The Helsinki year whose allowance the round uses: that of its first occurrence. */
  year: number;
  children: Map<string, Child>;
  preferences: Map<string, Preferences>;
  occurrences: Map<string, RoundOccurrence>;
  input: MatchInput;
  digest: string;
};

export const venueIdOf = (offering: Offering, occurrence: Occurrence): string | undefined =>
  occurrence.venueId ?? (offering.location.kind === 'venue' ? offering.location.venueId : undefined);

/** ISO weekday (Monday 1) of an instant in Helsinki. */
export function helsinkiWeekdayOf(instant: Date): Weekday {
  const [y, m, d] = localDateOf(instant).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return (day === 0 ? 7 : day) as Weekday;
}

export const helsinkiYearOf = (instant: string): number => Number(localDateOf(new Date(instant)).slice(0, 4));

export function toMatchOccurrence(entry: RoundOccurrence): MatchOccurrence {
  const { offering, occurrence, venue } = entry;
  const start = new Date(occurrence.start);
  return {
    id: occurrence.id,
    capacity: entry.free,
    invite: offering.godchild!.invite,
    languages: [...occurrence.languages].sort(),
    area: venue?.area ?? null,
    weekday: helsinkiWeekdayOf(start),
    timeOfDay: timeOfDayOf(helsinkiHourOf(start)),
    accessibility: [...(venue?.accessibility ?? [])].sort(),
    ...(offering.godchild!.eventGroup ? { eventGroup: offering.godchild!.eventGroup } : {}),
  };
}

/** The round's occurrences: upcoming, not cancelled occurrences of the cohort's published experiences. */
export async function roundOccurrences(cohortId: string, now: Date): Promise<Map<string, RoundOccurrence>> {
  const experiences = (await listExperiencesOfCohort(cohortId, now)).filter((e) => e.offering.godchild?.cohortId === cohortId);
  const venueIds = experiences.flatMap(({ offering, occurrences }) => occurrences.map((o) => venueIdOf(offering, o)));
  const venues = await getVenues([...new Set(venueIds.filter((v): v is string => v !== undefined))]);
  const found = new Map<string, RoundOccurrence>();
  for (const { offering, occurrences } of experiences) {
    for (const occurrence of occurrences) {
      if (occurrence.cancelled || Date.parse(occurrence.start) <= now.getTime()) continue;
      const venueId = venueIdOf(offering, occurrence);
      const venue = venueId ? venues.get(venueId) : undefined;
      found.set(occurrence.id, { offering, occurrence, ...(venue ? { venue } : {}), free: Math.max(0, occurrence.capacity.total - occurrence.seatsTaken) });
    }
  }
  return found;
}

/** Reads everything the round's allocation depends on and makes the matcher's input from it. */
export async function loadRoundData(round: Round, now: Date): Promise<RoundData> {
  const cohort = await getCohort(round.cohortId, { consistent: true });
  if (!cohort) throw new ResourceNotFoundError('roundCohortNotFound');
  const [childList, preferences, occurrences] = await Promise.all([
    listChildrenOfCohort(round.cohortId),
    listPreferencesOfRound(round.id),
    roundOccurrences(round.cohortId, now),
  ]);
  const firstStart = [...occurrences.values()].map((o) => o.occurrence.start).sort()[0];
  const year = helsinkiYearOf(firstStart ?? now.toISOString());
  const years = await getChildYears(
    childList.map((c) => c.id),
    year,
  );

  const byFamily = new Map<string, Child[]>();
  for (const child of childList) byFamily.set(child.familyId, [...(byFamily.get(child.familyId) ?? []), child]);
  const units: MatchUnit[] = [...byFamily.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([familyId, kids]) => {
      kids.sort((a, b) => a.id.localeCompare(b.id));
      const prefs = preferences.get(familyId);
      const childYears = kids.map((c) => years.get(c.id)!);
      return {
        id: familyId,
        childIds: kids.map((c) => c.id),
        guardians: prefs?.guardians ?? 1,
        otherChildren: prefs?.otherChildren ?? 0,
        pastExperiences: Math.max(...kids.map((c) => c.pastExperiences)),
        remainingThisYear: Math.min(...childYears.map((y) => cohort.yearlyLimit - y.used)),
        attendedEventGroups: [...new Set(childYears.flatMap((y) => y.eventGroups))].sort(),
        preferences: prefs
          ? {
              languages: [...prefs.languages].sort(),
              areas: [...prefs.areas].sort(),
              weekdays: [...prefs.weekdays].sort() as Weekday[],
              timesOfDay: [...prefs.timesOfDay].sort(),
              accessibilityNeeds: [...prefs.accessibilityNeeds].sort(),
            }
          : null,
      };
    });
  const input: MatchInput = {
    units,
    occurrences: [...occurrences.values()].sort((a, b) => a.occurrence.id.localeCompare(b.occurrence.id)).map(toMatchOccurrence),
    seed: round.seed,
  };
  const digest = createHash('sha256').update(JSON.stringify(input)).digest('base64url');
  return { round, cohort, year, children: new Map(childList.map((c) => [c.id, c])), preferences, occurrences, input, digest };
}

const share = (value: number) => Math.min(1, Math.max(0, value));

/** The matcher's result as the admin previews it and the commit writes it. */
export function previewOf(data: RoundData, result: MatchResult, now: Date): RoundPreview {
  const units = new Map(data.input.units.map((u) => [u.id, u]));
  const label = (childId: string) => {
    const child = data.children.get(childId);
    return child?.firstName ? { id: childId, firstName: child.firstName } : { id: childId };
  };
  const assignedPersons = new Map<string, number>();
  for (const a of result.assignments) assignedPersons.set(a.occurrenceId, (assignedPersons.get(a.occurrenceId) ?? 0) + a.persons);
  const occurrences = [...data.occurrences.values()]
    .sort((a, b) => a.occurrence.start.localeCompare(b.occurrence.start) || a.occurrence.id.localeCompare(b.occurrence.id))
    .map(({ offering, occurrence, free }) => ({
      occurrenceId: occurrence.id,
      offeringId: offering.id,
      title: offering.title,
      start: occurrence.start,
      end: occurrence.end,
      invite: offering.godchild!.invite,
      capacity: free,
      assignedPersons: assignedPersons.get(occurrence.id) ?? 0,
      fillRate: share(result.stats.fillRate[occurrence.id] ?? 0),
    }));
  return {
    roundId: data.round.id,
    takenAt: now.toISOString(),
    seed: data.round.seed,
    inputDigest: data.digest,
    stats: {
      families: result.stats.units,
      children: result.stats.children,
      childrenAssigned: result.stats.childrenAssigned,
      shareAssigned: share(result.stats.shareAssigned),
      meanSatisfaction: share(result.stats.meanSatisfaction),
    },
    occurrences,
    unassigned: result.unassigned.map((u) => ({ familyId: u.unitId, children: (units.get(u.unitId)?.childIds ?? []).map(label), reason: u.reason })),
    assignments: result.assignments.map((a) => ({
      familyId: a.unitId,
      childIds: units.get(a.unitId)!.childIds,
      offeringId: data.occurrences.get(a.occurrenceId)!.offering.id,
      occurrenceId: a.occurrenceId,
      persons: a.persons,
      satisfaction: share(a.satisfaction),
    })),
  };
}
